//! A JSON-RPC proxy on loopback that passes requests to a real node and injects faults into what
//! goes back: the node as production nodes misbehave (hung, down, leaving fields out, answering
//! nonsense), for tests of the programs that read it.

use crate::http::http_request;
use serde_json::Value;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What the proxy does to the traffic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Pass everything through unchanged.
    None,
    /// Take requests and never answer while this fault lasts (a hung node).
    Hang,
    /// Answer every request with HTTP 503 (a node down behind its load balancer).
    Unavailable,
    /// Leave `blockTimestamp` out of every log, as geth before 1.14, coreth, erigon, nethermind
    /// and Polkadot Hub's eth-rpc do.
    OmitLogTimes,
    /// Answer `eth_getLogs` with every log's `blockNumber` null.
    NullLogBlockNumbers,
    /// Add a log of an address nobody asked for to every non-empty `eth_getLogs` answer.
    ForeignLog,
}

/// A running proxy; stops when dropped.
#[derive(Debug)]
pub struct RpcProxy {
    /// The URL to give the program under test instead of the node's.
    pub url: String,
    fault: Arc<Mutex<Fault>>,
    stop: Arc<AtomicBool>,
    requests: Arc<AtomicU64>,
}

impl RpcProxy {
    /// Listens on a free loopback port and forwards to `upstream` (an `http://` JSON-RPC URL).
    pub fn start(upstream: &str) -> std::io::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        listener.set_nonblocking(true)?;
        let url = format!("http://{}", listener.local_addr()?);
        let (fault, stop, requests) =
            (Arc::new(Mutex::new(Fault::None)), Arc::new(AtomicBool::new(false)), Arc::new(AtomicU64::new(0)));
        let shared = Shared { upstream: upstream.to_owned(), fault: fault.clone(), stop: stop.clone() };
        let counter = requests.clone();
        std::thread::spawn(move || {
            while !shared.stop.load(Ordering::Relaxed) {
                match listener.accept() {
                    Ok((stream, _)) => {
                        counter.fetch_add(1, Ordering::Relaxed);
                        let shared = shared.clone();
                        std::thread::spawn(move || shared.serve(stream));
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        Ok(Self { url, fault, stop, requests })
    }

    /// Switches to `fault` for every request from now on (a hung request is released).
    pub fn set(&self, fault: Fault) {
        *self.fault.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = fault;
    }

    /// Requests received so far.
    pub fn requests(&self) -> u64 {
        self.requests.load(Ordering::Relaxed)
    }
}

impl Drop for RpcProxy {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

#[derive(Debug, Clone)]
struct Shared {
    upstream: String,
    fault: Arc<Mutex<Fault>>,
    stop: Arc<AtomicBool>,
}

impl Shared {
    fn fault(&self) -> Fault {
        *self.fault.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// One request per connection (answered with `Connection: close`).
    fn serve(&self, mut stream: TcpStream) {
        let _ = stream.set_nonblocking(false);
        let Some(body) = read_request(&mut stream) else { return };
        let fault = self.fault();
        if fault == Fault::Hang {
            while self.fault() == Fault::Hang && !self.stop.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(20));
            }
            return; // Dropped without an answer, as a hung node's connection finally is.
        }
        if fault == Fault::Unavailable {
            respond(&mut stream, 503, r#"{"error":"upstream unavailable"}"#);
            return;
        }
        match http_request("POST", &self.upstream, Some(&body)) {
            Ok((status, answer)) => {
                let answer = match (serde_json::from_str::<Value>(&body), serde_json::from_str::<Value>(&answer)) {
                    (Ok(request), Ok(mut answer)) => {
                        corrupt(fault, &request, &mut answer);
                        answer.to_string()
                    }
                    _ => answer,
                };
                respond(&mut stream, status, &answer);
            }
            Err(e) => respond(&mut stream, 502, &format!("{{\"error\":{:?}}}", e.to_string())),
        }
    }
}

/// Applies `fault` to the answer of `request` (one JSON-RPC call or a batch).
fn corrupt(fault: Fault, request: &Value, answer: &mut Value) {
    match (request, answer) {
        (Value::Array(calls), Value::Array(answers)) => {
            for answer in answers.iter_mut() {
                if let Some(call) = calls.iter().find(|c| c["id"] == answer["id"]) {
                    corrupt(fault, call, answer);
                }
            }
        }
        (call, answer) if call["method"] == "eth_getLogs" => {
            let Some(logs) = answer.get_mut("result").and_then(Value::as_array_mut) else { return };
            match fault {
                Fault::OmitLogTimes | Fault::NullLogBlockNumbers => {
                    for log in logs.iter_mut().filter_map(Value::as_object_mut) {
                        if fault == Fault::OmitLogTimes {
                            log.remove("blockTimestamp");
                        } else {
                            log.insert("blockNumber".into(), Value::Null);
                        }
                    }
                }
                Fault::ForeignLog => {
                    if let Some(first) = logs.first().cloned() {
                        let mut foreign = first;
                        foreign["address"] = Value::String(format!("0x{}", "ee".repeat(20)));
                        logs.push(foreign);
                    }
                }
                Fault::None | Fault::Hang | Fault::Unavailable => {}
            }
        }
        _ => {}
    }
}

/// Reads one HTTP request; its body.
fn read_request(stream: &mut TcpStream) -> Option<String> {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
    let mut raw = Vec::new();
    let mut buf = [0u8; 8192];
    let header_end = loop {
        let n = stream.read(&mut buf).ok().filter(|n| *n > 0)?;
        raw.extend_from_slice(&buf[..n]);
        if let Some(i) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
    };
    let head = String::from_utf8_lossy(&raw[..header_end]).to_ascii_lowercase();
    let length: usize =
        head.lines().find_map(|l| l.strip_prefix("content-length:")).and_then(|v| v.trim().parse().ok()).unwrap_or(0);
    while raw.len() < header_end + length {
        let n = stream.read(&mut buf).ok().filter(|n| *n > 0)?;
        raw.extend_from_slice(&buf[..n]);
    }
    Some(String::from_utf8_lossy(&raw[header_end..header_end + length]).into_owned())
}

fn respond(stream: &mut TcpStream, status: u16, body: &str) {
    let answer = format!(
        "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.write_all(answer.as_bytes());
}
