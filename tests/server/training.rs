//! A training round on a server study: started by a supervisor, coded blind — the gold standard
//! hidden from coders by the database until the round closes, then readable for their review and
//! nothing else of anyone's — and a closed round's codes refused by the database whatever program
//! sends the change. Runs against the throw-away test server (`scripts/test-postgres.sh`;
//! `.ci/run` starts one); skips on a developer machine without it.

use crate::common;

use common::pg::{new_study, ok, run_psql, server_or_skip};

fn json(args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&ok(args, None)).unwrap()
}

#[test]
fn gold_stays_hidden_until_the_round_closes_and_closed_codes_stay() {
    let Some(server) =
        server_or_skip("gold_stays_hidden_until_the_round_closes_and_closed_codes_stay")
    else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let study = new_study(&server);
    ok(&["server", "init", &study.admin], None);
    let file = common::sample_project_in(dir.path());
    let zhang = study.sign_up("zhang", None, "zhang-secret");
    let supervisor = format!("postgres://{zhang}:zhang-secret@{}", study.host_port_db);
    ok(&["push", file.to_str().unwrap(), &supervisor], None);
    let units: Vec<String> = run_psql(
        &study.admin,
        "",
        "SELECT uid FROM unit ORDER BY position LIMIT 3",
    )
    .1
    .lines()
    .map(str::to_owned)
    .collect();
    ok(
        &[
            "training",
            &supervisor,
            "--start",
            "r1",
            "--units",
            &units.join(","),
            // The sample's units are coded: they leave the study on purpose.
            "--take-coded",
            "--gold",
            "Li Na",
            "--coders",
            "Wang Hao",
        ],
        None,
    );
    let (_, rounds, _) = run_psql(&study.admin, "", "SELECT name FROM training_round");
    assert_eq!(rounds, "r1");

    let wang = study.sign_up("wang", Some("Wang Hao"), "wang-secret");
    let coder = format!("postgres://{wang}:wang-secret@{}", study.host_port_db);
    let li_na_codes = |sql_filter: &str| -> String {
        run_psql(
            &study.as_role(&wang),
            "wang-secret",
            &format!(
                "SELECT count(*) FROM coding WHERE coder_id = (SELECT id FROM coder WHERE name = 'Li Na') {sql_filter}"
            ),
        )
        .1
    };
    // Open: the coder sees the round and their units, not the gold standard.
    let open = json(&["training", &coder, "--round", "r1", "--format", "json"]);
    assert_eq!(open["round"]["units"].as_array().unwrap().len(), 3);
    assert_eq!(open["gold_values"], 0, "{open}");
    assert_eq!(li_na_codes(""), "0");

    ok(&["training", &supervisor, "--round", "r1", "--close"], None);
    // Closed: Li Na's codes on the round's three units, and only those, reach Wang Hao.
    let supervised = json(&["training", &supervisor, "--round", "r1", "--format", "json"]);
    let reviewed = json(&["training", &coder, "--round", "r1", "--format", "json"]);
    assert!(supervised["gold_values"].as_u64().unwrap() > 0);
    assert_eq!(reviewed["gold_values"], supervised["gold_values"]);
    assert_eq!(
        reviewed["coders"], supervised["coders"],
        "the same result and misses"
    );
    let on_training = li_na_codes("AND unit_id IN (SELECT unit_id FROM training_unit)");
    assert_eq!(li_na_codes(""), on_training);
    let (_, chen, _) = run_psql(
        &study.as_role(&wang),
        "wang-secret",
        "SELECT count(*) FROM coding WHERE coder_id = (SELECT id FROM coder WHERE name = 'Chen Yu')",
    );
    assert_eq!(chen, "0", "no other coder's codes");

    // The database keeps the closed round's codes: a change from psql touches nothing.
    let theme_of_first = format!(
        "FROM coding WHERE coder_id = (SELECT id FROM coder WHERE name = 'Wang Hao')
           AND unit_id = (SELECT id FROM unit WHERE uid = '{}')
           AND variable_id = (SELECT id FROM variable WHERE key = 'theme')",
        units[0]
    );
    let before = run_psql(&study.admin, "", &format!("SELECT code {theme_of_first}")).1;
    let (_, changed, _) = run_psql(
        &study.as_role(&wang),
        "wang-secret",
        &format!(
            "WITH changed AS (UPDATE coding SET code = CASE WHEN code = 1 THEN 2 ELSE 1 END {} RETURNING 1)
             SELECT count(*) FROM changed",
            theme_of_first.replacen("FROM coding", "", 1)
        ),
    );
    assert_eq!(changed, "0");
    let after = run_psql(&study.admin, "", &format!("SELECT code {theme_of_first}")).1;
    assert_eq!(before, after);
    assert!(!before.is_empty());
}
