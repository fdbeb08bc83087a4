//! The `factlint` commands of the workflow in docs/ci.md, run here in a
//! project made by `factlint init`, with the rule file paths of that project.

use std::path::Path;
use std::process::Command;

#[test]
fn the_workflow_commands_in_docs_ci_md_work() {
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/ci.md"))
        .expect("docs/ci.md");
    // Every step can be used as written: no placeholder address.
    assert!(!doc.contains("example.invalid"), "a placeholder address");
    let commands: Vec<String> = doc
        .lines()
        .filter_map(|l| l.trim().strip_prefix("- run: factlint "))
        .map(str::to_string)
        .collect();
    assert!(commands.len() >= 4, "{commands:?}");
    let dir = std::env::temp_dir().join(format!("factlint-ci-doc-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let bin = env!("CARGO_BIN_EXE_factlint");
    assert!(Command::new(bin)
        .arg("init")
        .current_dir(&dir)
        .status()
        .expect("init")
        .success());
    for command in commands {
        // The doc checks the SCO rules; the starter project has its own.
        let command = command.replace("rules/sco.facts", "rules/starter.facts");
        let script = format!("'{bin}' {command}");
        let out = Command::new("sh")
            .arg("-c")
            .arg(&script)
            .current_dir(&dir)
            .output()
            .expect("sh");
        assert!(
            out.status.success(),
            "`factlint {command}` failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let sarif: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("factlint.sarif")).expect("the SARIF file was written"),
    )
    .expect("json");
    assert_eq!(sarif["version"], "2.1.0");
    let _ = std::fs::remove_dir_all(&dir);
}
