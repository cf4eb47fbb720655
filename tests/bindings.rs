//! The front end's types are generated from the Rust types; this fails when
//! `ui/src/generated/bindings.ts` is stale. `make bindings` rewrites it.

use std::path::Path;

#[test]
fn generated_typescript_bindings_are_up_to_date() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(partner_desk::bindings::BINDINGS_PATH);
    let expected = partner_desk::bindings::render();
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, &expected).expect("writing the bindings");
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "{} is stale: run `make bindings` and commit the result.\n--- generated ---\n{expected}",
        path.display()
    );
}
