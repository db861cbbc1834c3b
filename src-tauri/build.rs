// The app's own commands go under the ACL: each gets allow-/deny- permissions
// and only what a capability grants can be called from a window. All three
// (the permissions, the main window's capability and the page's type of
// command names) are written from the one list in src/commands.rs.
include!("src/commands.rs");

macro_rules! names {
    ($($command:ident),* $(,)?) => {
        &[$(stringify!($command)),*]
    };
}

const COMMANDS: &[&str] = app_commands!(names);

/// What the main window may do besides our commands: hear events, and close
/// itself after the last save.
const CORE: &[&str] = &["core:event:default", "core:window:allow-destroy"];

fn main() {
    println!("cargo:rerun-if-changed=src/commands.rs");
    write_if_changed("capabilities/main.json", &capability());
    write_if_changed("../ui/src/bindings/commands.ts", &typescript());
    tauri_build::try_build(
        tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri build configuration is valid");
}

fn capability() -> String {
    let granted: Vec<String> = CORE
        .iter()
        .map(|p| p.to_string())
        .chain(COMMANDS.iter().map(|c| format!("allow-{}", c.replace('_', "-"))))
        .map(|p| format!("    \"{p}\""))
        .collect();
    format!(
        "{{\n  \"$schema\": \"../gen/schemas/desktop-schema.json\",\n  \"identifier\": \"main\",\n  \"description\": \"Written by build.rs from src/commands.rs: the main window may call the app's own commands (the file dialogs are opened from Rust) and close itself after the last save; nothing else.\",\n  \"windows\": [\"main\"],\n  \"permissions\": [\n{}\n  ]\n}}\n",
        granted.join(",\n")
    )
}

fn typescript() -> String {
    let names: Vec<String> = COMMANDS.iter().map(|c| format!("  \"{c}\",")).collect();
    format!(
        "// Written by src-tauri/build.rs from src-tauri/src/commands.rs: the backend's\n// commands, the only names `invoke` takes.\n\nexport const COMMANDS = [\n{}\n] as const;\n\nexport type Command = (typeof COMMANDS)[number];\n",
        names.join("\n")
    )
}

/// Written only when different, so that an unchanged list rebuilds nothing.
fn write_if_changed(path: &str, text: &str) {
    if std::fs::read_to_string(path).ok().as_deref() != Some(text) {
        std::fs::write(path, text).unwrap_or_else(|e| panic!("cannot write {path}: {e}"));
    }
}
