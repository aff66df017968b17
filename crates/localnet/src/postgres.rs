//! A project-local PostgreSQL cluster: `initdb` into a data directory the project owns, a server on a
//! loopback port and a unix socket in the data directory, trust auth for local connections only. Owning the cluster keeps us
//! independent of the system cluster's auth setup (peer/scram) and lets a test restart its own
//! server without disturbing anyone else's.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// What can go wrong bringing a cluster up or down.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No PostgreSQL server binaries, and installing them failed.
    #[error(
        "PostgreSQL server binaries not found under /usr/lib/postgresql and `apt-get install postgresql` failed: {0}"
    )]
    NotInstalled(String),
    /// A PostgreSQL tool failed.
    #[error("`{tool}` failed: {output}")]
    Tool {
        /// The command line.
        tool: String,
        /// Its stderr and stdout.
        output: String,
    },
    /// Running a process failed.
    #[error("running {0}: {1}")]
    Io(String, #[source] std::io::Error),
    /// The server's user cannot reach the data directory.
    #[error(
        "the postgres user cannot reach {0}: make its parent directories traversable (chmod o+x) or set \
         DATABASE_URL to a server of your own"
    )]
    Unreachable(String),
}

/// A PostgreSQL server this process started; stopped on drop unless [`PgCluster::detach`]ed.
#[derive(Debug)]
pub struct PgCluster {
    bin: PathBuf,
    data: PathBuf,
    port: u16,
    detached: bool,
}

/// A free TCP port on loopback (the OS picks it; a race with another binder is possible but rare).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).unwrap_or(55432)
}

impl PgCluster {
    /// Starts a server for `data` (running `initdb` first if it holds no cluster) on `port`.
    pub fn start(data: &Path, port: u16) -> Result<Self, Error> {
        let bin = server_bin()?;
        std::fs::create_dir_all(data).map_err(|e| Error::Io(data.display().to_string(), e))?;
        let data = data.canonicalize().map_err(|e| Error::Io(data.display().to_string(), e))?;
        let cluster = Self { bin, data, port, detached: false };
        if !cluster.data.join("PG_VERSION").exists() {
            cluster.own_data_dir()?;
            cluster.tool(
                "initdb",
                &["-D", &cluster.data_str(), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"],
            )?;
        }
        // A previous run killed without a clean stop leaves its server behind: stop it first.
        let _ = cluster.tool("pg_ctl", &["-D", &cluster.data_str(), "-m", "immediate", "stop"]);
        cluster.start_server()?;
        Ok(cluster)
    }

    /// The connection URL of database `db`, over the unix socket: sqlx 0.9.0 no longer sets
    /// TCP_NODELAY (sqlx issue #4335), so over loopback TCP every COPY waits out a delayed ACK
    /// (~40 ms); a unix socket has no Nagle delay.
    pub fn url(&self, db: &str) -> String {
        format!("postgres://postgres@localhost:{}/{db}?host={}", self.port, self.data.display())
    }

    /// The server's port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Drops and recreates database `db`; returns its URL.
    pub fn fresh_database(&self, db: &str) -> Result<String, Error> {
        self.psql("postgres", &format!("DROP DATABASE IF EXISTS \"{db}\" WITH (FORCE)"))?;
        self.psql("postgres", &format!("CREATE DATABASE \"{db}\""))?;
        Ok(self.url(db))
    }

    /// Runs `sql` in database `db` with psql; returns the rows, one per line, columns split by `|`.
    pub fn psql(&self, db: &str, sql: &str) -> Result<String, Error> {
        let port = self.port.to_string();
        let args = ["-h", "127.0.0.1", "-p", &port, "-U", "postgres", "-d", db, "-v", "ON_ERROR_STOP=1", "-qAtc", sql];
        let out = self.tool("psql", &args)?;
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    }

    /// Stops the server at once (as a crash or an operator's `pg_ctl stop -m immediate` would).
    pub fn stop(&self) -> Result<(), Error> {
        self.tool("pg_ctl", &["-D", &self.data_str(), "-m", "immediate", "-w", "stop"]).map(drop)
    }

    /// Starts the server again after [`PgCluster::stop`].
    pub fn start_server(&self) -> Result<(), Error> {
        let opts =
            format!("-p {} -c listen_addresses=127.0.0.1 -c unix_socket_directories='{}'", self.port, self.data_str());
        let log = self.data.join("server.log").display().to_string();
        self.tool("pg_ctl", &["-D", &self.data_str(), "-o", &opts, "-l", &log, "-w", "-t", "60", "start"]).map(drop)
    }

    /// Stops whatever server still runs on `data` (a previous run killed before it could stop its
    /// cluster), so the directory can be removed and its port reused. A directory with no cluster is
    /// left alone.
    pub fn stop_leftover(data: &Path) -> Result<(), Error> {
        if !data.join("postmaster.pid").exists() {
            return Ok(());
        }
        let bin = server_bin()?;
        let cluster = Self { bin, data: data.to_path_buf(), port: 0, detached: true };
        cluster.tool("pg_ctl", &["-D", &cluster.data_str(), "-m", "immediate", "-w", "stop"]).map(drop)
    }

    /// Leaves the server running after this value is dropped (`cargo xtask up` stops it itself).
    pub fn detach(mut self) {
        self.detached = true;
    }

    fn data_str(&self) -> String {
        self.data.display().to_string()
    }

    /// initdb refuses to run as root: as root, the cluster belongs to the `postgres` user, who must
    /// be able to reach the directory (a checkout under a private `mktemp -d` is not reachable).
    fn own_data_dir(&self) -> Result<(), Error> {
        if is_root() {
            run(Command::new("chown").args(["-R", "postgres:postgres", &self.data_str()]))?;
            let reachable = Command::new("runuser")
                .args(["-u", "postgres", "--", "test", "-w", &self.data_str()])
                .status()
                .is_ok_and(|s| s.success());
            if !reachable {
                return Err(Error::Unreachable(self.data_str()));
            }
        }
        Ok(())
    }

    fn tool(&self, name: &str, args: &[&str]) -> Result<Output, Error> {
        let program = self.bin.join(name);
        let mut c = if is_root() {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(&program);
            c
        } else {
            Command::new(&program)
        };
        c.args(args).current_dir(&self.data);
        run(&mut c)
    }
}

impl Drop for PgCluster {
    fn drop(&mut self) {
        if !self.detached {
            let _ = self.tool("pg_ctl", &["-D", &self.data_str(), "-m", "fast", "-w", "stop"]);
        }
    }
}

fn run(c: &mut Command) -> Result<Output, Error> {
    let line = format!("{c:?}");
    let out = c.output().map_err(|e| Error::Io(line.clone(), e))?;
    if !out.status.success() {
        let output = format!("{}{}", String::from_utf8_lossy(&out.stderr), String::from_utf8_lossy(&out.stdout));
        return Err(Error::Tool { tool: line, output: output.trim().to_string() });
    }
    Ok(out)
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.starts_with(b"0\n"))
}

/// The newest installed server's bin directory, installing Debian's `postgresql` if there is none.
fn server_bin() -> Result<PathBuf, Error> {
    if let Some(bin) = newest_server_bin() {
        return Ok(bin);
    }
    tracing::info!("installing PostgreSQL from Debian packages");
    let install = || {
        let mut c = Command::new("apt-get");
        c.args(["install", "-y", "-q", "postgresql"]).env("DEBIAN_FRONTEND", "noninteractive");
        run(&mut c)
    };
    // A fresh machine may have no package lists yet: refresh them once and try again.
    if install().is_err() {
        run(Command::new("apt-get").args(["update", "-q"])).map_err(|e| Error::NotInstalled(e.to_string()))?;
        install().map_err(|e| Error::NotInstalled(e.to_string()))?;
    }
    newest_server_bin().ok_or_else(|| Error::NotInstalled("installed, but no server binaries appeared".into()))
}

fn newest_server_bin() -> Option<PathBuf> {
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(Result::ok)
        .filter_map(|e| Some((e.file_name().to_str()?.parse().ok()?, e.path().join("bin"))))
        .filter(|(_, bin)| bin.join("pg_ctl").exists())
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin)
}
