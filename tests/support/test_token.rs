//! A PKCS#11 token for tests: SoftHSM2 with a test CA and a member's
//! certificate made by openssl, written to the token by pkcs11-tool
//! (scripts/ensure-deps.sh installs them). Shared by tests/ky_so.rs and the
//! app's end-to-end tests.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Mutex, OnceLock};

/// One SoftHSM2 configuration for this test binary: its tokens live in a
/// folder of their own (the variable is read by the module when loaded).
pub fn softhsm() -> &'static Path {
    static CONF: OnceLock<PathBuf> = OnceLock::new();
    CONF.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap().keep();
        std::fs::create_dir(dir.join("tokens")).unwrap();
        let conf = dir.join("softhsm2.conf");
        let text = format!(
            "directories.tokendir = {}\nobjectstore.backend = file\nlog.level = ERROR\n",
            dir.join("tokens").display()
        );
        std::fs::write(&conf, text).unwrap();
        std::env::set_var("SOFTHSM2_CONF", &conf);
        dir
    })
}

pub fn module() -> PathBuf {
    softhsm();
    camket::token::known_modules()
        .into_iter()
        .find(|p| p.ends_with("libsofthsm2.so"))
        .expect("SoftHSM2 is not installed: run scripts/ensure-deps.sh")
}

fn run(dir: &Path, program: &str, args: &[&str]) {
    let o = Command::new(program).args(args).current_dir(dir).output().unwrap();
    assert!(o.status.success(), "{program} {args:?}: {}", String::from_utf8_lossy(&o.stderr));
}

#[derive(Clone, Copy)]
pub enum Validity {
    Now,
    Expired,
    NotYet,
}

/// A token with a test CA's certificate and a member's certificate (with
/// its private key), PIN 1234.
pub struct TestToken {
    pub label: String,
    pub dir: PathBuf,
}

impl TestToken {
    pub fn new(label: &str, holder: &str, validity: Validity) -> TestToken {
        static CREATING: Mutex<()> = Mutex::new(());
        let dir = softhsm().join(label);
        std::fs::create_dir(&dir).unwrap();
        let (start, end) = match validity {
            Validity::Now => ("20200101000000Z", "20491231000000Z"),
            Validity::Expired => ("20200101000000Z", "20210101000000Z"),
            Validity::NotYet => ("20480101000000Z", "20491231000000Z"),
        };
        std::fs::write(dir.join("index.txt"), "").unwrap();
        std::fs::write(dir.join("serial"), "1A2B3C\n").unwrap();
        std::fs::write(
            dir.join("ca.cnf"),
            "[ca]\ndefault_ca = test\n[test]\ndatabase = index.txt\nnew_certs_dir = .\nserial = serial\ndefault_md = sha256\n\
             policy = any\nunique_subject = no\n[any]\ncommonName = supplied\norganizationName = optional\n\
             [member]\nbasicConstraints = CA:FALSE\nkeyUsage = critical,digitalSignature,nonRepudiation\n",
        )
        .unwrap();
        let ssl = |args: &[&str]| run(&dir, "openssl", args);
        ssl(&[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
            "-days",
            "9000",
            "-utf8",
            "-subj",
            "/CN=Cam Kết Test Root CA/O=Test-CA",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
        ]);
        ssl(&["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "member.key"]);
        ssl(&[
            "req",
            "-new",
            "-key",
            "member.key",
            "-out",
            "member.csr",
            "-utf8",
            "-subj",
            &format!("/CN={holder}/O=Test"),
        ]);
        ssl(&[
            "ca",
            "-batch",
            "-config",
            "ca.cnf",
            "-cert",
            "ca.pem",
            "-keyfile",
            "ca.key",
            "-in",
            "member.csr",
            "-out",
            "member.pem",
            "-startdate",
            start,
            "-enddate",
            end,
            "-extensions",
            "member",
            "-utf8",
            "-notext",
        ]);
        ssl(&["x509", "-in", "member.pem", "-outform", "DER", "-out", "member.der"]);
        ssl(&["x509", "-in", "ca.pem", "-outform", "DER", "-out", "ca.der"]);
        std::fs::write(dir.join("pin"), "1234\n").unwrap();
        std::fs::write(dir.join("wrong-pin"), "9999\n").unwrap();
        let _one = CREATING.lock().unwrap_or_else(|p| p.into_inner());
        run(&dir, "softhsm2-util", &["--init-token", "--free", "--label", label, "--pin", "1234", "--so-pin", "5678"]);
        run(
            &dir,
            "softhsm2-util",
            &["--import", "member.key", "--token", label, "--label", "member", "--id", "01", "--pin", "1234"],
        );
        let module = module();
        let module = module.to_str().unwrap();
        for (file, id) in [("member.der", "01"), ("ca.der", "02")] {
            run(
                &dir,
                "pkcs11-tool",
                &[
                    "--module",
                    module,
                    "--token-label",
                    label,
                    "--login",
                    "--pin",
                    "1234",
                    "--write-object",
                    file,
                    "--type",
                    "cert",
                    "--id",
                    id,
                ],
            );
        }
        TestToken { label: label.to_string(), dir }
    }

    pub fn path(&self, name: &str) -> String {
        self.dir.join(name).to_str().unwrap().to_string()
    }
}
