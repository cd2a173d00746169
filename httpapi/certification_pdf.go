package httpapi

import (
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/certification"
	"github.com/mektep/mektep/sitecore/certification/pdf"
	"github.com/mektep/mektep/sitecore/locale"
	"github.com/mektep/mektep/sitecore/render"
)

// certificatePDF is /certificates/{code}/pdf: the certificate as a PDF in kk, ru or en,
// with its verification code and a QR code of its public page. It shows what the public
// page shows (the holder's name, the kind, the validity, the status at download), so it is
// public like that page; an unknown code is 404.
func (s *Server) certificatePDF(w http.ResponseWriter, r *http.Request) {
	lang := sitecore.Lang(r.URL.Query().Get("lang"))
	if lang != sitecore.Kazakh && lang != sitecore.Russian && lang != sitecore.English {
		lang = web.Lang(r)
	}
	ver, err := s.Certification.Verify(r.Context(), chi.URLParam(r, "code"))
	if err != nil {
		s.site.ErrorPage(w, r, err)
		return
	}
	if ver.Status == certification.StatusUnknown {
		s.site.ErrorPage(w, r, sitecore.NotFound("certificate"))
		return
	}
	labels := locale.CertificatePDF(lang)
	data, err := pdf.Render(pdf.Certificate{Lang: string(lang), Labels: labels, Holder: ver.Holder, Kind: ver.Kind.Title[lang],
		Number: ver.Number, Code: ver.Code, Issued: render.FormatDate(ver.IssuedAt, lang), Expires: render.FormatDate(ver.ExpiresAt, lang),
		Status: labels["st."+string(ver.Status)], VerifyURL: strings.TrimRight(s.PublicURL, "/") + "/certificates/" + ver.Code})
	if err != nil {
		s.site.ErrorPage(w, r, sitecore.Internal("certificate pdf", err))
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/pdf")
	h.Set("Content-Disposition", `attachment; filename="certificate-`+ver.Number+`.pdf"`)
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Language", string(lang))
	_, _ = w.Write(data)
}
