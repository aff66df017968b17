//! The vote relay (gasless voting, `tfx-relayer votes`) against a real anvil, PostgreSQL and
//! indexer: voters' signed votes are checked before they are queued, survive the relay's crash,
//! are cast together in one `voteBySigBatch`, and each reports its own fate.

use serde_json::{Value, json};
use std::time::Duration;
use tfx_e2e::indexer::{Indexer, advance, postgres};
use tfx_e2e::relayer::{eventually, vote_relay};
use tfx_e2e::*;
use tfx_localnet::http_request;
use tfx_localnet::role::{HOLDER, SIGNERS};

fn post(relay: &str, body: &str) -> (u16, Value) {
    let (status, text) = http_request("POST", &format!("{relay}/v1/votes"), Some(body)).expect("relay reachable");
    (status, serde_json::from_str(&text).unwrap_or_else(|e| panic!("{status} {text:?}: {e}")))
}

fn get(relay: &str, path: &str) -> (u16, Value) {
    let (status, text) = http_get(&format!("{relay}{path}")).expect("relay reachable");
    (status, serde_json::from_str(&text).unwrap_or_else(|e| panic!("{status} {text:?}: {e}")))
}

#[test]
fn signed_votes_are_checked_queued_batched_and_tracked() {
    let anvil = anvil(43114);
    let dir = scratch("vote-relay");
    let networks = dir.join("networks");
    std::fs::create_dir_all(&networks).expect("dir");
    let cfg = network_file(&networks, "avalanche", 43114, &anvil.url);
    let deployments = dir.join("deployments");
    assert!(deploy(&cfg, &deployments, Some(DEPLOYER_KEY)).status.success());
    let (_cluster, db) = postgres("vote-relay");
    let indexer = Indexer::start(&db, &deployments, &networks, &[]);
    let flix_json = |key: &str, args: &[&str]| -> Value {
        let o = flix(&anvil, "avalanche", &deployments, key, &[&["--json"], args].concat());
        assert!(o.status.success(), "flix {args:?}: {:?}", text(&o));
        serde_json::from_slice(&o.stdout).expect("json")
    };
    let candidates = format!("0x{:064x},0x{:064x}", 0xA1, 0xB2);
    flix_json(DEPLOYER_KEY, &["round", "create", "--candidates", &candidates, "--duration", "600"]);
    advance(&anvil, 1);
    let sign_in = |round: &str, who: usize, candidate: &str, extra: &[&str]| {
        flix_json(DEV_KEYS[who], &[&["vote", "sign", "--round", round, "--candidate", candidate], extra].concat())
    };
    let sign = |who: usize, candidate: &str, extra: &[&str]| sign_in("1", who, candidate, extra);

    // A long idle pause: the votes wait in the queue until the relay is restarted below, so they
    // are cast together and the crash is survived by construction.
    let mut relay = vote_relay(&deployments, &networks, &db, 600_000);
    let url = relay.url.clone();

    let votes = [sign(SIGNERS[0], "0", &[]), sign(SIGNERS[1], "1", &[]), sign(HOLDER, "1", &[])];
    let mut ids = Vec::new();
    for v in &votes {
        let (status, state) = post(&url, &v.to_string());
        assert_eq!((status, &state["status"]), (202, &json!("queued")), "{state}");
        ids.push(state["id"].as_str().expect("id").to_owned());
    }
    let (status, again) = post(&url, &votes[0].to_string());
    assert_eq!((status, &again["id"]), (202, &json!(ids[0])), "handing a queued vote in again is a no-op: {again}");

    // Refused before anything is queued, each with its reason.
    let refused = |body: String, want: u16, says: &str| {
        let (status, answer) = post(&url, &body);
        let error = answer["error"].as_str().unwrap_or_default();
        assert!(status == want && error.contains(says), "{body}: {status} {answer}");
    };
    refused("{\"chain_id\": 43114".into(), 400, "not a signed vote");
    refused(json!({ "round": 1 }).to_string(), 400, "not a signed vote");
    let mut forged = sign(SIGNERS[0], "0", &["--nonce", "77"]);
    forged["candidate"] = json!(1);
    refused(forged.to_string(), 422, "signature");
    let mut elsewhere = sign(SIGNERS[0], "0", &["--nonce", "78"]);
    elsewhere["chain_id"] = json!(1);
    refused(elsewhere.to_string(), 400, "chain 1 is not relayed here");
    let expired = sign(SIGNERS[0], "0", &["--nonce", "79", "--valid-for", "0"]);
    std::thread::sleep(Duration::from_millis(1100));
    refused(expired.to_string(), 422, "expired");
    refused(sign(SIGNERS[0], "1", &["--nonce", "80"]).to_string(), 409, "already queued");
    refused(sign_in("9", SIGNERS[0], "0", &["--nonce", "81"]).to_string(), 422, "VoteTallyUnknownRound");

    // The holder votes directly while its signed vote waits: the batch skips that entry alone.
    flix_json(DEV_KEYS[HOLDER], &["vote", "cast", "--round", "1", "--candidate", "0"]);
    relay.kill();
    relay.start();
    let state = |id: &str| get(&url, &format!("/v1/votes/{id}")).1;
    let settled = eventually("every vote settled and indexed", Duration::from_secs(30), || {
        let s: Vec<Value> = ids.iter().map(|id| state(id)).collect();
        let done = s[..2].iter().all(|v| v["status"] == "cast" && v["indexed_block"].is_number())
            && s[2]["status"] == "rejected";
        done.then_some(s)
    });
    assert_eq!(settled[0]["tx_hash"], settled[1]["tx_hash"], "one batch: {settled:?}");
    assert_eq!(settled[0]["tx_hash"], settled[2]["tx_hash"], "one batch: {settled:?}");
    assert!(settled[2]["error"].as_str().unwrap_or_default().contains("VoteTallyAlreadyVoted"), "{settled:?}");
    let round = flix_json(DEPLOYER_KEY, &["round", "show", "--round", "1"]);
    assert_eq!(round["tallies"], json!(["2", "1"]), "{round}");
    let api = indexer.ok("/v1/rounds/43114/1");
    assert_eq!(api["round"]["voters"], json!(3), "{api}");

    // A settled vote handed in again is refused, and so is one cast elsewhere.
    refused(votes[0].to_string(), 409, "relayed before");
    refused(votes[2].to_string(), 409, "relayed before");
    refused(sign(SIGNERS[1], "0", &["--nonce", "82"]).to_string(), 422, "VoteTallyAlreadyVoted");

    let mine = get(&url, &format!("/v1/votes?voter={}", DEV_ADDRS[SIGNERS[0]])).1;
    assert_eq!(mine["items"][0]["id"], json!(ids[0]), "{mine}");
    assert_eq!(get(&url, &format!("/v1/votes/0x{:064x}", 5)).0, 404);
    assert_eq!(get(&url, "/v1/votes/0x12").0, 400);
    assert_eq!(get(&url, "/v1/votes?voter=nobody").0, 400);
    assert_eq!(get(&url, &format!("/v1/votes?voter={}&limit=1000", DEV_ADDRS[0])).0, 400);
}
