//! A minimal blocking HTTP/1.1 GET over loopback, so the task runner and tests can read the local
//! API without an HTTP client stack.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// GETs `http://host:port/path`; returns the status code and body.
pub fn http_get(url: &str) -> std::io::Result<(u16, String)> {
    http_request("GET", url, None)
}

/// Sends `method` to `url` with an optional JSON body; returns the status code and body.
pub fn http_request(method: &str, url: &str, json_body: Option<&str>) -> std::io::Result<(u16, String)> {
    http_exchange(method, url, json_body).map(|(status, _, body)| (status, body))
}

/// Like [`http_request`], with the answer's header block too (lowercased).
pub fn http_exchange(method: &str, url: &str, json_body: Option<&str>) -> std::io::Result<(u16, String, String)> {
    let invalid = |m: &str| std::io::Error::new(std::io::ErrorKind::InvalidInput, format!("{m}: {url}"));
    let rest = url.strip_prefix("http://").ok_or_else(|| invalid("only http:// URLs"))?;
    let (host, path) = rest.split_once('/').map_or((rest, "/".to_string()), |(h, p)| (h, format!("/{p}")));
    let mut s = TcpStream::connect(host)?;
    s.set_read_timeout(Some(Duration::from_secs(30)))?;
    let body = json_body.unwrap_or("");
    // One write with Nagle off: a request split over several small writes waits out the peer's
    // delayed ACK (~40 ms), which would swamp the latencies the benchmarks measure.
    s.set_nodelay(true)?;
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    s.write_all(request.as_bytes())?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw)?;
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").ok_or_else(|| invalid("no HTTP header in answer"))?;
    let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
    let body = &raw[split + 4..];
    let status = head.split(' ').nth(1).and_then(|c| c.parse().ok()).ok_or_else(|| invalid("no status in answer"))?;
    let body = if head.contains("transfer-encoding: chunked") { dechunk(body) } else { body.to_vec() };
    Ok((status, head, String::from_utf8_lossy(&body).into_owned()))
}

/// Joins the chunks of a chunked body (sizes count bytes, so this works on bytes).
fn dechunk(mut body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = body.windows(2).position(|w| w == b"\r\n") {
        let size = std::str::from_utf8(&body[..eol]).ok().and_then(|s| usize::from_str_radix(s.trim(), 16).ok());
        let rest = &body[eol + 2..];
        match size {
            Some(n) if n > 0 && rest.len() >= n => {
                out.extend_from_slice(&rest[..n]);
                body = rest[n..].strip_prefix(b"\r\n").unwrap_or(&rest[n..]);
            }
            _ => break,
        }
    }
    out
}
