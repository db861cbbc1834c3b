//! The CMS signature a PAdES baseline B-B signature holds (ETSI EN 319
//! 142-1): detached SignedData over the file's byte range, SHA-256, signed
//! attributes content-type, message-digest and signing-certificate-v2
//! (the signer's certificate bound by its hash), the certificate chain; no
//! signing-time attribute, the time is the signature dictionary's `M`.

use crate::certificate::{self, SHA256};
use crate::error::{Error, Result};
use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::content_info::{CmsVersion, ContentInfo};
use cms::signed_data::{
    CertificateSet, EncapsulatedContentInfo, SignedData, SignerIdentifier, SignerInfo, SignerInfos,
};
use der::asn1::{ObjectIdentifier as Oid, OctetString, SetOfVec};
use der::{Any, Decode, Encode, Sequence};
use sha2::{Digest, Sha256};
use x509_cert::attr::{Attribute, Attributes};
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::serial_number::SerialNumber;
use x509_cert::spki::AlgorithmIdentifierOwned;
use x509_cert::Certificate;

const DATA: Oid = Oid::new_unwrap("1.2.840.113549.1.7.1");
const SIGNED_DATA: Oid = Oid::new_unwrap("1.2.840.113549.1.7.2");
const CONTENT_TYPE: Oid = Oid::new_unwrap("1.2.840.113549.1.9.3");
const MESSAGE_DIGEST: Oid = Oid::new_unwrap("1.2.840.113549.1.9.4");
const SIGNING_CERTIFICATE_V2: Oid = Oid::new_unwrap("1.2.840.113549.1.9.16.2.47");
const RSA_ENCRYPTION: Oid = Oid::new_unwrap("1.2.840.113549.1.1.1");

/// RFC 5035: the signer's certificate by its SHA-256 (the default hash).
#[derive(Sequence)]
struct SigningCertificateV2 {
    certs: Vec<EssCertIdV2>,
}

#[derive(Sequence)]
struct EssCertIdV2 {
    cert_hash: OctetString,
    issuer_serial: IssuerSerial,
}

#[derive(Sequence)]
struct IssuerSerial {
    issuer: Vec<GeneralName>,
    serial_number: SerialNumber,
}

fn bug(e: der::Error) -> Error {
    Error::bug(e)
}

fn attribute(oid: Oid, value: Any) -> Result<Attribute> {
    let values = SetOfVec::try_from(vec![value]).map_err(bug)?;
    Ok(Attribute { oid, values })
}

fn sha256_algorithm() -> AlgorithmIdentifierOwned {
    AlgorithmIdentifierOwned { oid: SHA256, parameters: None }
}

/// The signed attributes for a file whose byte range hashes to `digest`.
pub fn signed_attributes(digest: &[u8], signer: &Certificate) -> Result<Attributes> {
    let tbs = &signer.tbs_certificate;
    let essential = SigningCertificateV2 {
        certs: vec![EssCertIdV2 {
            cert_hash: OctetString::new(Sha256::digest(certificate::der(signer)).to_vec()).map_err(bug)?,
            issuer_serial: IssuerSerial {
                issuer: vec![GeneralName::DirectoryName(tbs.issuer.clone())],
                serial_number: tbs.serial_number.clone(),
            },
        }],
    };
    let attributes = vec![
        attribute(CONTENT_TYPE, Any::encode_from(&DATA).map_err(bug)?)?,
        attribute(MESSAGE_DIGEST, Any::encode_from(&OctetString::new(digest.to_vec()).map_err(bug)?).map_err(bug)?)?,
        attribute(SIGNING_CERTIFICATE_V2, Any::encode_from(&essential).map_err(bug)?)?,
    ];
    SetOfVec::try_from(attributes).map_err(bug)
}

/// The bytes the token signs: the signed attributes as a DER SET.
pub fn to_be_signed(attributes: &Attributes) -> Result<Vec<u8>> {
    attributes.to_der().map_err(bug)
}

/// The whole CMS: `signature` by `signer` over `attributes`, with `chain`.
pub fn signed_data(
    signer: &Certificate,
    chain: &[Certificate],
    attributes: Attributes,
    signature: Vec<u8>,
) -> Result<Vec<u8>> {
    let tbs = &signer.tbs_certificate;
    let info = SignerInfo {
        version: CmsVersion::V1,
        sid: SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
            issuer: tbs.issuer.clone(),
            serial_number: tbs.serial_number.clone(),
        }),
        digest_alg: sha256_algorithm(),
        signed_attrs: Some(attributes),
        signature_algorithm: AlgorithmIdentifierOwned { oid: RSA_ENCRYPTION, parameters: Some(Any::null()) },
        signature: OctetString::new(signature).map_err(bug)?,
        unsigned_attrs: None,
    };
    let certificates: Vec<CertificateChoices> =
        std::iter::once(signer).chain(chain).map(|c| CertificateChoices::Certificate(c.clone())).collect();
    let data = SignedData {
        version: CmsVersion::V1,
        digest_algorithms: SetOfVec::try_from(vec![sha256_algorithm()]).map_err(bug)?,
        encap_content_info: EncapsulatedContentInfo { econtent_type: DATA, econtent: None },
        certificates: Some(CertificateSet(SetOfVec::try_from(certificates).map_err(bug)?)),
        crls: None,
        signer_infos: SignerInfos(SetOfVec::try_from(vec![info]).map_err(bug)?),
    };
    let info = ContentInfo { content_type: SIGNED_DATA, content: Any::encode_from(&data).map_err(bug)? };
    info.to_der().map_err(bug)
}

/// A CMS signature as this app writes it, read: the signer, the other
/// certificates it carries, and what is needed to check it.
pub struct Read {
    pub signer: Certificate,
    /// Every certificate the signature carries but the signer's.
    pub others: Vec<Certificate>,
    digest_alg: Oid,
    attributes: Attributes,
    signature: Vec<u8>,
}

/// Reads `contents` (zero padded). `None` when it is not a signature this
/// app writes (SignedData, one signer whose certificate it carries, signed
/// attributes, only zeros after it).
pub fn read(contents: &[u8]) -> Option<Read> {
    let mut reader = der::SliceReader::new(contents).ok()?;
    let info = ContentInfo::decode(&mut reader).ok()?;
    // After the signature, only the zeros our writer pads with.
    let used = usize::try_from(der::Reader::position(&reader)).ok()?;
    if !contents[used..].iter().all(|b| *b == 0) || info.content_type != SIGNED_DATA {
        return None;
    }
    let data: SignedData = info.content.decode_as().ok()?;
    let signer_info = data.signer_infos.0.iter().next()?;
    let SignerIdentifier::IssuerAndSerialNumber(sid) = &signer_info.sid else { return None };
    let certs: Vec<Certificate> = data
        .certificates
        .iter()
        .flat_map(|set| set.0.iter())
        .filter_map(|c| match c {
            CertificateChoices::Certificate(c) => Some(c.clone()),
            CertificateChoices::Other(_) => None,
        })
        .collect();
    let is_signer = |c: &Certificate| {
        c.tbs_certificate.issuer == sid.issuer && c.tbs_certificate.serial_number == sid.serial_number
    };
    let signer = certs.iter().find(|c| is_signer(c))?.clone();
    let others = certs.into_iter().filter(|c| !is_signer(c)).collect();
    Some(Read {
        signer,
        others,
        digest_alg: signer_info.digest_alg.oid,
        attributes: signer_info.signed_attrs.clone()?,
        signature: signer_info.signature.as_bytes().to_vec(),
    })
}

impl Read {
    /// The digest matches the `covered` bytes, the signing certificate
    /// attribute names the signer, and the signer's key made the signature.
    pub fn intact(&self, covered: &[u8]) -> bool {
        let value = |oid: Oid| self.attributes.iter().find(|a| a.oid == oid).and_then(|a| a.values.iter().next());
        let signer_hash = Sha256::digest(certificate::der(&self.signer));
        let bound = value(SIGNING_CERTIFICATE_V2)
            .and_then(|v| v.decode_as::<SigningCertificateV2>().ok())
            .is_some_and(|s| s.certs.first().is_some_and(|id| id.cert_hash.as_bytes() == signer_hash.as_slice()));
        let digest = value(MESSAGE_DIGEST).and_then(|v| v.decode_as::<OctetString>().ok());
        let digest_ok =
            self.digest_alg == SHA256 && digest.is_some_and(|d| d.as_bytes() == Sha256::digest(covered).as_slice());
        let Ok(signed) = self.attributes.to_der() else { return false };
        digest_ok && bound && certificate::verifies(&self.signer, &SHA256, &signed, &self.signature)
    }
}
