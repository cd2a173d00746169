package render

import (
	"bytes"
	"time"

	"github.com/mektep/mektep/sitecore"
)

// CertificateView is the public verification page of a certificate, or (Print) the
// printable certificate. It shows the holder's name, the kind and the validity, nothing else
// about the person. T holds the page's labels in Lang.
type CertificateView struct {
	Lang                       sitecore.Lang
	Languages                  []Link
	Status                     string // valid, expired, revoked or unknown
	Holder, Kind, Number, Code string
	Issued, Expires            string
	VerifyURL, PrintURL        string
	Print                      bool
	T                          map[string]string
}

// certificateLabels are the catalog keys of the page's labels (under "cert.page.").
var certificateLabels = []string{"title", "holder", "kind", "number", "issued", "expires", "code", "valid", "expired",
	"revoked", "unknown", "print", "certifies", "verify_at"}

// Certificate renders the verification page or the printable certificate.
func (t *Theme) Certificate(v *CertificateView) ([]byte, error) {
	if v.T == nil {
		v.T = make(map[string]string, len(certificateLabels))
		for _, k := range certificateLabels {
			v.T[k] = sitecore.Message(v.Lang, "cert.page."+k, nil)
		}
	}
	var b bytes.Buffer
	err := t.pages.ExecuteTemplate(&b, "certificate.html", v)
	return b.Bytes(), err
}

// FormatDate writes a date the way the language does ("2026 ж. 25 қараша").
func FormatDate(t time.Time, l sitecore.Lang) string { return formatDate(t, l) }
