; The Windows installer of Cam Kết, built by `make windows` with Debian's
; makensis. Per-user: no administrator rights are needed on an office PC.
; Uninstalling never deletes the member's data folder.
;
; Defines given by scripts/windows.sh: VERSION, DIST (the folder holding
; cam-ket.exe, camket.exe and WebView2Loader.dll), OUT (the installer's path),
; ICON.

; A 64-bit installer: the app is 64-bit, and so it also runs under Wine's
; 64-bit prefix in `make windows-check`.
Target amd64-unicode
!include "MUI2.nsh"
!include "LogicLib.nsh"

!define APP "Cam Kết"
!define KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\CamKet"
; The WebView2 runtime's id, as Microsoft documents it for installers.
!define WEBVIEW2 "{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}"

Name "${APP}"
OutFile "${OUT}"
InstallDir "$LOCALAPPDATA\Programs\CamKet"
InstallDirRegKey HKCU "Software\CamKet" "InstallDir"
RequestExecutionLevel user
SetCompressor /SOLID lzma

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\cam-ket.exe"
!define MUI_FINISHPAGE_RUN_TEXT "Mở Cam Kết ngay"
!define MUI_UNCONFIRMPAGE_TEXT_TOP "Cam Kết sẽ được gỡ khỏi máy. Dữ liệu của đồng chí (hồ sơ, văn bản, bản sao lưu trong thư mục dữ liệu) được giữ nguyên, không bị xóa; cài lại sẽ thấy đủ như cũ."

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "Vietnamese"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=${LANG_VIETNAMESE} "ProductName" "${APP}"
VIAddVersionKey /LANG=${LANG_VIETNAMESE} "FileDescription" "Cài đặt ${APP}"
VIAddVersionKey /LANG=${LANG_VIETNAMESE} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_VIETNAMESE} "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_VIETNAMESE} "LegalCopyright" "Cam Kết"

; Windows 11 has the WebView2 runtime; some offline Windows 10 machines do not.
Function CheckWebView2
  ReadRegStr $0 HKLM "SOFTWARE\WOW6432Node\Microsoft\EdgeUpdate\Clients\${WEBVIEW2}" "pv"
  ${If} $0 == ""
    ReadRegStr $0 HKLM "SOFTWARE\Microsoft\EdgeUpdate\Clients\${WEBVIEW2}" "pv"
  ${EndIf}
  ${If} $0 == ""
    ReadRegStr $0 HKCU "Software\Microsoft\EdgeUpdate\Clients\${WEBVIEW2}" "pv"
  ${EndIf}
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    MessageBox MB_OK|MB_ICONINFORMATION "Máy này chưa có Microsoft Edge WebView2 Runtime, phần Cam Kết dùng để hiện cửa sổ.$\r$\n$\r$\nCam Kết vẫn được cài. Trước khi mở, hãy cài WebView2 Runtime: tìm “WebView2 Runtime” trên trang của Microsoft (bản Evergreen Bootstrapper hoặc Standalone), hoặc nhờ người phụ trách máy tính cài giúp. Windows 11 đã có sẵn." /SD IDOK
  ${EndIf}
FunctionEnd

Section "Cam Kết" Main
  SetOutPath "$INSTDIR"
  File "${DIST}/cam-ket.exe"
  File "${DIST}/camket.exe"
  File "${DIST}/WebView2Loader.dll"
  File "/oname=cam-ket.ico" "${ICON}"
  WriteUninstaller "$INSTDIR\go-cai-dat.exe"

  CreateDirectory "$SMPROGRAMS\${APP}"
  CreateShortcut "$SMPROGRAMS\${APP}\${APP}.lnk" "$INSTDIR\cam-ket.exe" "" "$INSTDIR\cam-ket.ico"
  CreateShortcut "$SMPROGRAMS\${APP}\Gỡ ${APP}.lnk" "$INSTDIR\go-cai-dat.exe"
  CreateShortcut "$DESKTOP\${APP}.lnk" "$INSTDIR\cam-ket.exe" "" "$INSTDIR\cam-ket.ico"

  WriteRegStr HKCU "Software\CamKet" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${KEY}" "DisplayName" "${APP}"
  WriteRegStr HKCU "${KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${KEY}" "Publisher" "Cam Kết"
  WriteRegStr HKCU "${KEY}" "DisplayIcon" "$INSTDIR\cam-ket.ico"
  WriteRegStr HKCU "${KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${KEY}" "UninstallString" '"$INSTDIR\go-cai-dat.exe"'
  WriteRegStr HKCU "${KEY}" "QuietUninstallString" '"$INSTDIR\go-cai-dat.exe" /S'
  WriteRegDWORD HKCU "${KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${KEY}" "NoRepair" 1

  Call CheckWebView2
SectionEnd

; Only what the installer put there: the data folder (%APPDATA%\vn.camket.app)
; is the member's and stays.
Section "Uninstall"
  Delete "$INSTDIR\cam-ket.exe"
  Delete "$INSTDIR\camket.exe"
  Delete "$INSTDIR\WebView2Loader.dll"
  Delete "$INSTDIR\cam-ket.ico"
  Delete "$INSTDIR\go-cai-dat.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\${APP}\${APP}.lnk"
  Delete "$SMPROGRAMS\${APP}\Gỡ ${APP}.lnk"
  RMDir "$SMPROGRAMS\${APP}"
  Delete "$DESKTOP\${APP}.lnk"
  DeleteRegKey HKCU "${KEY}"
  DeleteRegKey HKCU "Software\CamKet"
SectionEnd
