/* Test only: a stand-in for Windows' bcryptprimitives.dll, which Rust's
   standard library (1.78 and later) asks for its random numbers and which
   Wine 8 lacks. Real Windows 10 and 11 have it; the installer never ships
   this file. It answers with RtlGenRandom (advapi32). */
#include <windows.h>

BOOLEAN NTAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    while (length > 0) {
        ULONG chunk = length > 0x7fffffff ? 0x7fffffff : (ULONG)length;
        if (!SystemFunction036(data, chunk)) return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
