# Validates every signature of a PDF with pyHanko against one trusted root,
# offline, and prints what pyHanko judged, as JSON (used by tests/ky_so.rs).
import sys, json
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pyhanko.keys import load_cert_from_pemder
root = load_cert_from_pemder(sys.argv[2])
out = []
with open(sys.argv[1], 'rb') as f:
    r = PdfFileReader(f)
    for sig in r.embedded_signatures:
        vc = ValidationContext(trust_roots=[root], allow_fetching=False, revocation_mode='soft-fail')
        st = validate_pdf_signature(sig, vc)
        out.append({"field": sig.field_name, "intact": st.intact, "valid": st.valid, "trusted": st.trusted,
                    "coverage": str(st.coverage), "modification_level": str(st.modification_level),
                    "docmdp_ok": st.docmdp_ok, "bottom_line": st.bottom_line, "signer": st.signing_cert.subject.human_friendly})
print(json.dumps(out, ensure_ascii=False, indent=1))
