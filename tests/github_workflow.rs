//! The README's example GitHub Actions workflow: valid YAML, every routecov
//! command in it a valid routecov command line, and its gate step doing on
//! the fixture project what the README says.

mod common;

use clap::Parser;
use routecov::cli::Cli;
use yaml_rust2::{Yaml, YamlLoader};

/// The YAML block of the README's "CI with GitHub Actions" section.
fn workflow() -> Yaml {
    let readme = std::fs::read_to_string(common::repo().join("README.md")).expect("README");
    let section = readme
        .split("## CI with GitHub Actions")
        .nth(1)
        .expect("the README has the section");
    let block = section
        .split("```yaml\n")
        .nth(1)
        .and_then(|b| b.split("\n```").next())
        .expect("a yaml block");
    let mut docs = YamlLoader::load_from_str(block).expect("valid YAML");
    docs.remove(0)
}

/// The `run:` scripts of the job's steps, with line continuations joined.
fn run_scripts(w: &Yaml) -> Vec<(String, String)> {
    let steps = w["jobs"]["load-test"]["steps"].as_vec().expect("steps");
    steps
        .iter()
        .filter_map(|s| {
            let run = s["run"].as_str()?;
            let name = s["name"].as_str().unwrap_or("").to_string();
            Some((name, run.replace("\\\n", " ")))
        })
        .collect()
}

/// Each `routecov ...` line as arguments, shell redirections left out.
fn routecov_commands(w: &Yaml) -> Vec<Vec<String>> {
    run_scripts(w)
        .iter()
        .flat_map(|(_, script)| script.lines().map(str::to_string).collect::<Vec<_>>())
        .filter(|l| l.trim_start().starts_with("routecov "))
        .map(|l| {
            let words = shlex::split(&l).expect("shell words");
            words
                .into_iter()
                .take_while(|w| w != ">>" && w != ">")
                .collect()
        })
        .collect()
}

#[test]
fn the_workflow_is_complete_and_its_commands_parse() {
    let w = workflow();
    assert!(w["on"].as_vec().is_some() || !w["on"].is_badvalue());
    let scripts = run_scripts(&w);
    let all: String = scripts.iter().map(|(_, s)| s.as_str()).collect();
    assert!(all.contains("locust -f"), "runs Locust");
    assert!(all.contains("--csv results/run"), "keeps the CSVs");
    assert!(
        all.contains(">> \"$GITHUB_STEP_SUMMARY\""),
        "writes the summary"
    );
    let steps = w["jobs"]["load-test"]["steps"].as_vec().expect("steps");
    assert!(
        steps.iter().any(|s| s["uses"]
            .as_str()
            .is_some_and(|u| u.starts_with("actions/upload-artifact"))),
        "uploads the page"
    );
    let commands = routecov_commands(&w);
    assert!(commands.len() >= 3, "{commands:?}");
    let formats: Vec<String> = commands
        .iter()
        .filter_map(|c| {
            c.iter()
                .position(|a| a == "--format")
                .map(|i| c[i + 1].clone())
        })
        .collect();
    assert_eq!(formats, ["markdown", "html", "github"]);
    for c in &commands {
        if let Err(e) = Cli::try_parse_from(c) {
            panic!("{c:?} does not parse: {e}");
        }
    }
}

/// The gate step, pointed at the bundled fixture project and its faulty run,
/// annotates and fails (the fixture run covers far less than 60%).
#[test]
fn the_gate_step_annotates_and_fails_on_the_fixture() {
    let w = workflow();
    let gate = routecov_commands(&w)
        .into_iter()
        .find(|c| c.iter().any(|a| a == "github"))
        .expect("a --format github step");
    let args: Vec<String> = gate[1..]
        .iter()
        .map(|a| match a.as_str() {
            "load_testing/locustfile.py" => "fixtures/locust/estimator_locustfile.py".into(),
            "results/run" => "fixtures/runs/faulty_estimator".into(),
            other => other.to_string(),
        })
        .collect();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_routecov"))
        .args(&args)
        .args(["--project", "fixtures/estimator"])
        .current_dir(common::repo())
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("::error "), "{text}");
    assert!(
        text.contains("::warning file=fixtures/locust/estimator_locustfile.py,line="),
        "{text}"
    );
}
