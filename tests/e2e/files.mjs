// Test files: photos as phones write them, and handing a file to the page's file input.

/** A JPEG with an EXIF block saying "rotate 90° clockwise to view" (orientation 6), as phones write. */
export function withOrientation6(jpeg) {
  const tiff = Buffer.from([0x4d, 0x4d, 0, 0x2a, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0]);
  const body = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const len = Buffer.alloc(2);
  len.writeUInt16BE(body.length + 2);
  return Buffer.concat([jpeg.subarray(0, 2), Buffer.from([0xff, 0xe1]), len, body, jpeg.subarray(2)]);
}

/** Hands a file to the page's file input, as choosing it in the file dialog does. */
export async function chooseFile(app, selector, bytes, name, type) {
  await app.execute(
    (sel, b64, n, ty) => {
      const bin = atob(b64);
      const arr = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) arr[i] = bin.charCodeAt(i);
      const dt = new DataTransfer();
      dt.items.add(new File([arr], n, { type: ty }));
      const input = document.querySelector(sel);
      input.files = dt.files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
    },
    selector,
    bytes.toString('base64'),
    name,
    type,
  );
}

