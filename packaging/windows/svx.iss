; Inno Setup script for SVX on Windows (https://jrsoftware.org/isinfo.php).
;
; Build on Windows after `make bundle`'s equivalent there:
;   pyinstaller --noconfirm --distpath dist --workpath build\pyinstaller packaging\svx.spec
;   python packaging\render_icons.py build\icons
;   iscc packaging\windows\svx.iss
; It installs dist\svx\ (svx-desktop.exe and svx.exe side by side) per user by default
; (no administrator rights needed; an administrator may choose all users), adds a Start
; menu entry, and registers .svx files with the ProgID SVX.Map: the SVX icon, "Open" runs
; svx-desktop.exe "%1" (a running SVX takes the file into a new window).

#define AppName "SVX"
#define AppVersion "0.1.0"
#define AppExe "svx-desktop.exe"
#define ProgId "SVX.Map"

[Setup]
AppId={{8D3A6C1E-5B7F-4C1A-9E55-2F0B7C4D9A61}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=The SVX developers
AppPublisherURL=https://svx.example.org/
DefaultDirName={autopf}\SVX
DefaultGroupName=SVX
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ChangesAssociations=yes
LicenseFile=..\..\LICENSE
SetupIconFile=..\..\build\icons\svx.ico
UninstallDisplayIcon={app}\{#AppExe}
OutputDir=..\..\dist
OutputBaseFilename=svx-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible

[Files]
Source: "..\..\dist\svx\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "..\..\build\icons\svx.ico"; DestDir: "{app}"; Flags: ignoreversion

[Icons]
Name: "{group}\SVX"; Filename: "{app}\{#AppExe}"; IconFilename: "{app}\svx.ico"
Name: "{group}\Uninstall SVX"; Filename: "{uninstallexe}"

[Registry]
; .svx -> SVX.Map (HKA: the current user's classes, or the machine's for all users)
Root: HKA; Subkey: "Software\Classes\.svx"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.svx"; ValueType: string; ValueName: "Content Type"; ValueData: "application/x-svx"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.svx\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "SVX stakeholder value exchange map"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\svx.ico,0"
Root: HKA; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".svx"; ValueData: ""; Flags: uninsdeletekey

[Run]
Filename: "{app}\{#AppExe}"; Description: "Start SVX"; Flags: nowait postinstall skipifsilent
