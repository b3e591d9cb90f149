/* For tests under wine only, never shipped.
 *
 * Rust's standard library (since 1.78) draws random numbers and hash seeds with ProcessPrng from
 * bcryptprimitives.dll, which every Windows 10 and 11 has. Debian 12's wine 8.0 lacks that DLL:
 * codingdesk.exe then exits at start with status 53 and no output. This stand-in, put beside the
 * .exe in the test folder only, answers ProcessPrng with RtlGenRandom (advapi32), which wine has.
 * Built by scripts/windows.sh with mingw-w64:
 *   x86_64-w64-mingw32-gcc -shared -O2 -o bcryptprimitives.dll bcryptprimitives-shim.c -ladvapi32
 */
#include <windows.h>
#define SystemFunction036 NTAPI SystemFunction036
#include <ntsecapi.h>
#undef SystemFunction036

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    while (len > 0) {
        ULONG n = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (!RtlGenRandom(data, n)) return FALSE;
        data += n;
        len -= n;
    }
    return TRUE;
}
