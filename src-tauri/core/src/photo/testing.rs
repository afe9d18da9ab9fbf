//! Test inputs shared by the photo tests (unit tests here and `tests/photo.rs`,
//! `tests/presets.rs`): a JPEG with an EXIF orientation tag, as cameras and phones write them.
//! Not part of the API.

/// An EXIF APP1 segment holding only the orientation tag, as a minimal TIFF block
/// (little- or big-endian, both occur in cameras).
pub fn exif_app1(orientation: u16, big_endian: bool) -> Vec<u8> {
    let u16b = |v: u16| if big_endian { v.to_be_bytes() } else { v.to_le_bytes() };
    let u32b = |v: u32| if big_endian { v.to_be_bytes() } else { v.to_le_bytes() };
    let mut tiff = Vec::new();
    tiff.extend(if big_endian { *b"MM" } else { *b"II" });
    tiff.extend(u16b(42));
    tiff.extend(u32b(8)); // offset of IFD0
    tiff.extend(u16b(1)); // one entry
    tiff.extend(u16b(0x0112)); // Orientation
    tiff.extend(u16b(3)); // SHORT
    tiff.extend(u32b(1)); // one value
    tiff.extend(u16b(orientation));
    tiff.extend([0, 0]); // value field padding
    tiff.extend(u32b(0)); // no next IFD
    let mut segment = vec![0xFF, 0xE1];
    let len = (2 + 6 + tiff.len()) as u16;
    segment.extend(len.to_be_bytes());
    segment.extend(b"Exif\0\0");
    segment.extend(tiff);
    segment
}

/// `jpeg` with an EXIF orientation segment right after SOI (big-endian for even orientations,
/// little-endian for odd ones, so tests see both). Orientation 6 is how phones store portraits.
pub fn with_orientation(jpeg: &[u8], orientation: u16) -> Vec<u8> {
    let mut out = jpeg[..2].to_vec();
    out.extend(exif_app1(orientation, orientation % 2 == 0));
    out.extend(&jpeg[2..]);
    out
}
