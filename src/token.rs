//! The member's USB token, through its provider's PKCS#11 module: finding
//! the module, listing the certificates on the token, and signing with the
//! private key beside one of them. The PIN is passed in as a secret (wiped
//! when dropped), used once to log in, never stored or logged.

use crate::certificate::{self, Holder};
use crate::error::{Error, Result};
use cryptoki::context::{CInitializeArgs, CInitializeFlags, Pkcs11};
use cryptoki::error::{Error as P11Error, RvError};
use cryptoki::mechanism::Mechanism;
use cryptoki::object::{Attribute, AttributeType, ObjectClass, ObjectHandle};
use cryptoki::session::{Session, UserType};
use cryptoki::slot::Slot;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

pub use cryptoki::types::AuthPin as Pin;

/// The module files of the tokens Vietnamese providers issue (VNPT-CA,
/// Viettel-CA, BKAV-CA, FPT-CA, CA2, SafeNet and ePass middleware), and the
/// common open ones, as their installers name them.
const WINDOWS_MODULES: &[&str] = &[
    "vnpt-ca_csp11.dll",
    "vnptca_p11_v10.dll",
    "vnptca_p11_v8.dll",
    "vnptca_p11_v6.dll",
    "VNPT-CA_v34.dll",
    "viettel-ca_v6.dll",
    "viettel-ca_v5.dll",
    "viettel-ca_v4.dll",
    "viettel-ca_v3.dll",
    "viettel-ca_v2.dll",
    "viettel-ca.dll",
    "BkavCA.dll",
    "BkavCAv2S.dll",
    "st3csp11.dll",
    "fpt-ca.dll",
    "fpt-ca_v5.dll",
    "SignatureP11.dll",
    "CA2_csp11.dll",
    "CA2_v34.dll",
    "ShuttleCsp11_3003.dll",
    "eps2003csp11.dll",
    "ngp11v211.dll",
    "eTPKCS11.dll",
    "safe-ca.dll",
    "opensc-pkcs11.dll",
];
const UNIX_MODULES: &[&str] = &[
    "libeTPkcs11.so",
    "libshuttle_p11v220.so",
    "libcastle.so.1.0.0",
    "libvnpt-ca_p11.so",
    "opensc-pkcs11.so",
    "libsofthsm2.so",
];
const UNIX_FOLDERS: &[&str] = &[
    "/usr/lib",
    "/usr/lib64",
    "/usr/local/lib",
    "/usr/lib/x86_64-linux-gnu",
    "/usr/lib/x86_64-linux-gnu/pkcs11",
    "/usr/lib/pkcs11",
    "/usr/lib/softhsm",
    "/usr/lib/x86_64-linux-gnu/softhsm",
];

/// The token modules found on this computer, in the order above.
pub fn known_modules() -> Vec<PathBuf> {
    let (folders, names): (Vec<PathBuf>, &[&str]) = if cfg!(windows) {
        let root = std::env::var_os("SystemRoot").map(PathBuf::from).unwrap_or_else(|| PathBuf::from(r"C:\Windows"));
        (vec![root.join("System32")], WINDOWS_MODULES)
    } else {
        (UNIX_FOLDERS.iter().map(PathBuf::from).collect(), UNIX_MODULES)
    };
    let mut found = Vec::new();
    for name in names {
        for folder in &folders {
            let path = folder.join(name);
            if path.is_file() && !found.contains(&path) {
                found.push(path);
            }
        }
    }
    found
}

/// The PIN in the first line of a file (for the command line and tests).
pub fn read_pin_file(path: &Path) -> Result<Pin> {
    let bytes = crate::files::read_regular(path, 1024)?;
    let text = String::from_utf8(bytes).map_err(|_| Error::invalid("PIN", "Tệp mã PIN không đọc được."))?;
    // A BOM (Notepad's UTF-8) is not part of the PIN; an empty one would cost a try.
    let pin = text.trim_start_matches('\u{feff}').lines().next().unwrap_or_default().trim().to_string();
    if pin.is_empty() {
        return Err(Error::invalid("PIN", "Tệp mã PIN trống: dòng đầu tiên phải là mã PIN của token."));
    }
    Ok(Pin::from(pin))
}

/// A certificate on a token that can sign: its holder in words, its bytes,
/// and the providers' certificates the token holds above it.
#[derive(Debug, Clone)]
pub struct TokenCertificate {
    pub token: String,
    /// The PKCS#11 `CKA_ID` that ties the certificate to its private key, in hexadecimal.
    pub id: String,
    pub holder: Holder,
    pub der: Vec<u8>,
    pub chain: Vec<Vec<u8>>,
}

/// One module is used by one caller at a time: a module is initialised once
/// per process, and finalised when its context is dropped.
static IN_USE: Mutex<()> = Mutex::new(());

fn load(module: &Path) -> Result<Pkcs11> {
    let pkcs11 = Pkcs11::new(module).map_err(|_| {
        Error::Token(format!(
            "Không nạp được trình điều khiển của token ({}). Hãy cài phần mềm của nhà cung cấp chữ ký số, hoặc chọn đúng tệp trình điều khiển (.dll trên Windows, .so trên Linux).",
            module.display()
        ))
    })?;
    match pkcs11.initialize(CInitializeArgs::new(CInitializeFlags::OS_LOCKING_OK)) {
        Ok(()) | Err(P11Error::Pkcs11(RvError::CryptokiAlreadyInitialized, _)) => Ok(pkcs11),
        Err(e) => Err(token_error(&e)),
    }
}

/// A PKCS#11 failure in words.
fn token_error(e: &P11Error) -> Error {
    tracing::warn!("pkcs11: {e}");
    let removed = "Không còn thấy USB token: token đã bị rút ra hoặc không đọc được. Hãy cắm lại token rồi ký lại; chưa có gì được ghi.";
    match e {
        P11Error::Pkcs11(
            RvError::TokenNotPresent
            | RvError::DeviceRemoved
            | RvError::SessionHandleInvalid
            | RvError::SessionClosed
            | RvError::DeviceError,
            _,
        ) => Error::Token(removed.into()),
        P11Error::Pkcs11(RvError::PinLocked, _) => Error::Token(
            "Token đã bị khóa vì nhập sai mã PIN quá số lần cho phép. Hãy liên hệ nhà cung cấp chữ ký số để mở khóa."
                .into(),
        ),
        // The module's own words are in English: they go to the log only.
        _ => Error::Token(
            "Trình điều khiển của USB token báo lỗi. Hãy rút token ra, cắm lại rồi thử lại; nếu vẫn lỗi, hãy khởi \
             động lại máy. Chưa có gì được ghi."
                .into(),
        ),
    }
}

fn attribute(session: &Session, object: cryptoki::object::ObjectHandle, kind: AttributeType) -> Vec<u8> {
    match session.get_attributes(object, &[kind]) {
        Ok(mut values) => match values.pop() {
            Some(Attribute::Value(v) | Attribute::Id(v) | Attribute::Label(v)) => v,
            _ => Vec::new(),
        },
        Err(_) => Vec::new(),
    }
}

/// Every certificate on the token in `slot`, with its `CKA_ID`.
fn certificates_in(pkcs11: &Pkcs11, slot: Slot) -> Result<Vec<(Vec<u8>, Vec<u8>)>> {
    let session = pkcs11.open_ro_session(slot).map_err(|e| token_error(&e))?;
    let objects = session.find_objects(&[Attribute::Class(ObjectClass::CERTIFICATE)]).map_err(|e| token_error(&e))?;
    Ok(objects
        .into_iter()
        .map(|o| (attribute(&session, o, AttributeType::Id), attribute(&session, o, AttributeType::Value)))
        .filter(|(_, der)| !der.is_empty())
        .collect())
}

fn slots(pkcs11: &Pkcs11) -> Result<Vec<(Slot, String)>> {
    let slots = pkcs11.get_slots_with_token().map_err(|e| token_error(&e))?;
    let named: Vec<(Slot, String)> = slots
        .into_iter()
        .filter_map(|s| {
            pkcs11.get_token_info(s).ok().filter(|t| t.token_initialized()).map(|t| (s, t.label().trim().to_string()))
        })
        .collect();
    if named.is_empty() {
        return Err(Error::Token("Chưa thấy USB token nào. Hãy cắm token chữ ký số vào máy rồi thử lại.".into()));
    }
    Ok(named)
}

/// The certificates that can sign, on every token the module sees: those
/// that are not a provider's (a CA) certificate.
pub fn certificates(module: &Path) -> Result<Vec<TokenCertificate>> {
    let _one = IN_USE.lock().unwrap_or_else(|p| p.into_inner());
    let pkcs11 = load(module)?;
    let mut found = Vec::new();
    for (slot, label) in slots(&pkcs11)? {
        let all = certificates_in(&pkcs11, slot)?;
        let parsed: Vec<_> = all.iter().filter_map(|(id, der)| certificate::parse(der).ok().map(|c| (id, c))).collect();
        let pool: Vec<_> = parsed.iter().map(|(_, c)| c.clone()).collect();
        for (id, cert) in &parsed {
            if certificate::is_authority(cert) {
                continue;
            }
            found.push(TokenCertificate {
                token: label.clone(),
                id: crate::keys::hex(id),
                holder: certificate::holder(cert),
                der: certificate::der(cert),
                chain: certificate::chain(cert, &pool).iter().map(certificate::der).collect(),
            });
        }
    }
    Ok(found)
}

/// The token's words after a wrong PIN: how many tries are left when the
/// token says (PKCS#11 tells "final try" and "locked"; its "count low" only
/// means a wrong PIN was typed since the last good one, so it says nothing).
fn wrong_pin(pkcs11: &Pkcs11, slot: Slot) -> Error {
    let info = pkcs11.get_token_info(slot).ok();
    let flag = |f: fn(&cryptoki::slot::TokenInfo) -> bool| info.as_ref().is_some_and(f);
    if flag(|t| t.user_pin_locked()) {
        Error::Token("Sai mã PIN; token đã bị khóa. Hãy liên hệ nhà cung cấp chữ ký số để mở khóa.".into())
    } else if flag(|t| t.user_pin_final_try()) {
        Error::WrongPin("Sai mã PIN. Còn 1 lần thử: nếu nhập sai lần nữa, token sẽ bị khóa.".into())
    } else {
        Error::WrongPin("Sai mã PIN. Hãy nhập lại (token sẽ bị khóa nếu nhập sai nhiều lần liên tiếp).".into())
    }
}

/// A token logged in with the PIN once, for one piece of work (a batch of
/// confirmations is one login, so a wrong PIN costs one try); logged out,
/// and the module finalised, when dropped.
pub struct LoggedIn {
    session: Session,
    key: ObjectHandle,
    _pkcs11: Pkcs11,
    _one: MutexGuard<'static, ()>,
}

impl LoggedIn {
    /// Logs in to token `token` and finds the private key of certificate `id`.
    pub fn open(module: &Path, token: &str, id: &str, pin: &Pin) -> Result<LoggedIn> {
        let one = IN_USE.lock().unwrap_or_else(|p| p.into_inner());
        let pkcs11 = load(module)?;
        let gone = || {
            Error::Token(format!(
                "Không còn thấy token “{token}”: token đã bị rút ra. Hãy cắm lại rồi ký lại; chưa có gì được ghi."
            ))
        };
        let slots = slots(&pkcs11).map_err(|_| gone())?;
        let slot = slots.into_iter().find(|(_, l)| l == token).map(|(s, _)| s).ok_or_else(gone)?;
        let session = pkcs11.open_ro_session(slot).map_err(|e| token_error(&e))?;
        match session.login(UserType::User, Some(pin)) {
            Ok(()) | Err(P11Error::Pkcs11(RvError::UserAlreadyLoggedIn, _)) => {}
            Err(P11Error::Pkcs11(RvError::PinIncorrect | RvError::PinLenRange, _)) => {
                return Err(wrong_pin(&pkcs11, slot))
            }
            Err(e) => return Err(token_error(&e)),
        }
        let key_id = crate::keys::unhex(id).unwrap_or_default();
        let keys = session
            .find_objects(&[Attribute::Class(ObjectClass::PRIVATE_KEY), Attribute::Id(key_id)])
            .map_err(|e| token_error(&e))?;
        let key = keys
            .first()
            .copied()
            .ok_or_else(|| Error::Token("Trên token không có khóa bí mật đi kèm chứng thư số này.".into()))?;
        Ok(LoggedIn { session, key, _pkcs11: pkcs11, _one: one })
    }

    /// Signs `data`: RSA PKCS#1 v1.5 over SHA-256, by the token, or by the
    /// token over our DigestInfo when it signs only raw RSA.
    pub fn sign(&self, data: &[u8]) -> Result<Vec<u8>> {
        let signed = match self.session.sign(&Mechanism::Sha256RsaPkcs, self.key, data) {
            Err(P11Error::Pkcs11(RvError::MechanismInvalid, _)) => {
                self.session.sign(&Mechanism::RsaPkcs, self.key, &certificate::digest_info_sha256(data))
            }
            other => other,
        };
        signed.map_err(|e| token_error(&e))
    }
}

impl Drop for LoggedIn {
    fn drop(&mut self) {
        let _ = self.session.logout();
    }
}
