/* A stand-in for bcryptprimitives.dll, for the tests under Wine only; it never ships.
 *
 * Rust's standard library (1.78 and later) takes its random numbers from ProcessPrng in
 * bcryptprimitives.dll, which Windows 10 and later have but Wine 8.0 (Debian 12) does not: without
 * it no Rust program starts under that Wine. scripts/windows.sh and tests/package/windows-install.sh
 * build this file with MinGW-w64 into their scratch Wine prefix when Wine has no such DLL. It takes
 * the bytes from advapi32's RtlGenRandom (SystemFunction036), which Wine implements. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
