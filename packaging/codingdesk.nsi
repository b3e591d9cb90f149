; The Windows installer of Codingdesk (issue 31), built on Linux with NSIS (Debian's `nsis`,
; makensis 3.08) by scripts/package.sh:
;
;   makensis -DVERSION=0.1.0 -DSOURCE=<folder of the zip> -DICON=<codingdesk.ico> \
;            -DOUTFILE=<installer.exe> packaging/codingdesk.nsi
;
; It installs for the user who runs it, without administrator rights — lab and university laptops
; seldom grant them — into %LOCALAPPDATA%\Programs\Codingdesk (where Windows puts per-user
; programs), adds a Start-menu entry, makes a double-click on a .cdesk study open it in Codingdesk
; (HKCU\Software\Classes), and registers an uninstaller under "Apps > Installed apps". Everything
; it writes is per user (HKCU, the user's folders), and the uninstaller takes all of it away.
; `installer.exe /S` installs silently (scripts/windows.sh test-installer does so under wine).

; A 64-bit installer for a 64-bit program: it runs on every Windows that can run codingdesk.exe,
; and wine without its 32-bit half (Debian's wine64 alone) can test it.
Target amd64-unicode
ManifestDPIAware true

!macro REQUIRE NAME
  !ifndef ${NAME}
    !error "give -D${NAME}= (all of VERSION, SOURCE, ICON, OUTFILE: see scripts/package.sh)"
  !endif
!macroend
!insertmacro REQUIRE VERSION
!insertmacro REQUIRE SOURCE
!insertmacro REQUIRE ICON
!insertmacro REQUIRE OUTFILE

!define APP "Codingdesk"
!define PROG_ID "Codingdesk.Study"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\Codingdesk"

Name "${APP} ${VERSION}"
OutFile "${OUTFILE}"
RequestExecutionLevel user
InstallDir "$LOCALAPPDATA\Programs\${APP}"
InstallDirRegKey HKCU "Software\${APP}" "InstallDir"
SetCompressor /SOLID lzma
BrandingText "${APP} ${VERSION}"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=0 "ProductName" "${APP}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileDescription" "${APP} installer"
VIAddVersionKey /LANG=0 "LegalCopyright" "Codingdesk developers, MIT licence"

!include "MUI2.nsh"
!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\codingdesk.exe"
!define MUI_FINISHPAGE_SHOWREADME "$INSTDIR\README.txt"
!define MUI_FINISHPAGE_SHOWREADME_NOTCHECKED

!insertmacro MUI_PAGE_LICENSE "${SOURCE}\LICENSE-MIT"
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

; The installer speaks the language Windows is set to: English or simplified Chinese.
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_LANGUAGE "SimpChinese"

Section "${APP}"
  SetOutPath "$INSTDIR"
  File "${SOURCE}\codingdesk.exe"
  File "${SOURCE}\README.txt"
  File "${SOURCE}\LICENSE-MIT"
  File "${SOURCE}\THIRD-PARTY-LICENSES.html"
  File "/oname=codingdesk.ico" "${ICON}"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  WriteRegStr HKCU "Software\${APP}" "InstallDir" "$INSTDIR"

  CreateShortCut "$SMPROGRAMS\${APP}.lnk" "$INSTDIR\codingdesk.exe" "" "$INSTDIR\codingdesk.ico"

  ; A double-click on a study (or "Open with") runs `codingdesk open FILE`.
  WriteRegStr HKCU "Software\Classes\.cdesk" "" "${PROG_ID}"
  WriteRegStr HKCU "Software\Classes\${PROG_ID}" "" "Codingdesk study"
  WriteRegStr HKCU "Software\Classes\${PROG_ID}\DefaultIcon" "" "$INSTDIR\codingdesk.ico"
  WriteRegStr HKCU "Software\Classes\${PROG_ID}\shell\open\command" "" '"$INSTDIR\codingdesk.exe" open "%1"'
  ; Tell Explorer the file types changed (SHCNE_ASSOCCHANGED), so icons and double-clicks follow
  ; without a restart.
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'

  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${APP}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "Codingdesk developers"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\codingdesk.ico"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

; Takes away what the installer put, and nothing else: the user's studies, settings
; (%APPDATA%\codingdesk) and sample cache stay, and the folder goes only when it is empty.
Section "Uninstall"
  Delete "$INSTDIR\codingdesk.exe"
  Delete "$INSTDIR\README.txt"
  Delete "$INSTDIR\LICENSE-MIT"
  Delete "$INSTDIR\THIRD-PARTY-LICENSES.html"
  Delete "$INSTDIR\codingdesk.ico"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\${APP}.lnk"

  ; .cdesk is ours to remove only while it still points at Codingdesk.
  ReadRegStr $0 HKCU "Software\Classes\.cdesk" ""
  StrCmp $0 "${PROG_ID}" 0 +2
    DeleteRegKey HKCU "Software\Classes\.cdesk"
  DeleteRegKey HKCU "Software\Classes\${PROG_ID}"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'

  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  DeleteRegKey HKCU "Software\${APP}"
SectionEnd
