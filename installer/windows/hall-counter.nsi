; Windows installer for the one-folder bundle dist\hall-counter\ (PyInstaller,
; installer/hall-counter.spec). Build on Windows or Linux with NSIS 3:
;   makensis -DVERSION=0.1.0 -DDIST=..\..\dist\hall-counter -DOUTFILE=hall-counter-0.1.0-setup.exe hall-counter.nsi
; Installs for all users under Program Files, adds Start-menu and desktop shortcuts and an
; entry in Apps & features. The counter keeps its store and settings in the user's
; %LOCALAPPDATA%\hall-counter (platformdirs); the uninstaller keeps them unless the person
; uninstalling ticks the box, because they may hold payments not yet sent to the ledger.

Unicode true
SetCompressor /SOLID lzma
RequestExecutionLevel admin

!ifndef VERSION
  !define VERSION "0.1.0"
!endif
!ifndef DIST
  !define DIST "..\..\dist\hall-counter"
!endif
!ifndef OUTFILE
  !define OUTFILE "hall-counter-${VERSION}-setup.exe"
!endif
!define PRODUCT "Hall Counter"
!define PRODUCT_ZH "营业厅柜台收费"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\HallCounter"
!define DATA_FOLDER "$LOCALAPPDATA\hall-counter"

Name "${PRODUCT_ZH} ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\HallCounter"
InstallDirRegKey HKLM "${UNINSTALL_KEY}" "InstallLocation"
BrandingText "${PRODUCT} ${VERSION}"

!include "MUI2.nsh"
!include "nsDialogs.nsh"
!include "LogicLib.nsh"
!include "x64.nsh"

!define MUI_ICON "${DIST}\_internal\counter_app\resources\icons\hall-counter.ico"
!define MUI_UNICON "${DIST}\_internal\counter_app\resources\icons\hall-counter.ico"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\hall-counter.exe"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
UninstPage custom un.DataPageShow un.DataPageLeave
!insertmacro MUI_UNPAGE_INSTFILES

; The first language is the default when Windows' own language is neither.
!insertmacro MUI_LANGUAGE "SimpChinese"
!insertmacro MUI_LANGUAGE "English"

LangString DataTitle ${LANG_SIMPCHINESE} "本机数据"
LangString DataTitle ${LANG_ENGLISH} "Data on this computer"
LangString DataText ${LANG_SIMPCHINESE} "程序已删除。本机的收费数据和设置（${DATA_FOLDER}）默认保留，重新安装后可继续使用。"
LangString DataText ${LANG_ENGLISH} "The program is removed. The payments and settings on this computer (${DATA_FOLDER}) are kept by default and are used again after a reinstall."
LangString DataDelete ${LANG_SIMPCHINESE} "同时删除本机数据（未上传到中心账务的收费记录将永久丢失）"
LangString DataDelete ${LANG_ENGLISH} "Also delete the data (payments not yet sent to the ledger are lost for ever)"
LangString DataConfirm ${LANG_SIMPCHINESE} "确定删除本机的收费数据和设置吗？此操作无法撤销。"
LangString DataConfirm ${LANG_ENGLISH} "Delete the payments and settings on this computer? This cannot be undone."
LangString NeedsX64 ${LANG_SIMPCHINESE} "本程序需要 64 位 Windows。"
LangString NeedsX64 ${LANG_ENGLISH} "This program needs 64-bit Windows."

Var DeleteData
Var DeleteBox

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_ICONSTOP "$(NeedsX64)"
    Abort
  ${EndIf}
  SetRegView 64
  !insertmacro MUI_LANGDLL_DISPLAY
FunctionEnd

Section "Program" SecProgram
  SectionIn RO
  SetOutPath "$INSTDIR"
  ; A reinstall replaces the program files; the user's data folder is not under $INSTDIR.
  RMDir /r "$INSTDIR\_internal"
  File /r "${DIST}\*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  SetShellVarContext all
  CreateDirectory "$SMPROGRAMS\${PRODUCT_ZH}"
  CreateShortcut "$SMPROGRAMS\${PRODUCT_ZH}\${PRODUCT_ZH}.lnk" "$INSTDIR\hall-counter.exe"
  CreateShortcut "$SMPROGRAMS\${PRODUCT_ZH}\卸载 ${PRODUCT_ZH}.lnk" "$INSTDIR\uninstall.exe"
  CreateShortcut "$DESKTOP\${PRODUCT_ZH}.lnk" "$INSTDIR\hall-counter.exe"

  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "${PRODUCT_ZH} (${PRODUCT})"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\hall-counter.exe"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "Publisher" "${PRODUCT}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

Function un.onInit
  SetRegView 64
  StrCpy $DeleteData 0
  !insertmacro MUI_UNGETLANGUAGE
FunctionEnd

Function un.DataPageShow
  !insertmacro MUI_HEADER_TEXT "$(DataTitle)" ""
  nsDialogs::Create 1018
  Pop $0
  ${NSD_CreateLabel} 0 0 100% 40u "$(DataText)"
  Pop $0
  ${NSD_CreateCheckbox} 0 50u 100% 20u "$(DataDelete)"
  Pop $DeleteBox
  ${NSD_Uncheck} $DeleteBox
  nsDialogs::Show
FunctionEnd

Function un.DataPageLeave
  ${NSD_GetState} $DeleteBox $DeleteData
  ${If} $DeleteData == ${BST_CHECKED}
    MessageBox MB_YESNO|MB_ICONEXCLAMATION|MB_DEFBUTTON2 "$(DataConfirm)" IDYES +2
    StrCpy $DeleteData 0
  ${EndIf}
FunctionEnd

Section "Uninstall"
  SetShellVarContext all
  Delete "$DESKTOP\${PRODUCT_ZH}.lnk"
  RMDir /r "$SMPROGRAMS\${PRODUCT_ZH}"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\hall-counter.exe"
  Delete "$INSTDIR\counter-app.exe"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKLM "${UNINSTALL_KEY}"
  ; Only the uninstalling user's own data folder, and only when asked.
  SetShellVarContext current
  ${If} $DeleteData == ${BST_CHECKED}
    RMDir /r "${DATA_FOLDER}"
  ${EndIf}
SectionEnd
