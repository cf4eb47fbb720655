fn main() {
    // The manifest sits at the repository root, but the app's ACL files live
    // in src-tauri/ with the rest of the shell. tauri-build does not watch a
    // custom permissions path, so say so here, or a new command would be
    // built with a stale ACL that refuses it.
    println!("cargo:rerun-if-changed=src-tauri/permissions");
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    let attributes = tauri_build::Attributes::new()
        .capabilities_path_pattern("./src-tauri/capabilities/**/*")
        .app_manifest(tauri_build::AppManifest::new().permissions_path_pattern("./src-tauri/permissions/**/*"));
    if let Err(err) = tauri_build::try_build(attributes) {
        panic!("tauri-build failed: {err:#}");
    }
}
