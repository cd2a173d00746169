package pdf_test

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/mektep/mektep/sitecore/certification/pdf"
	"github.com/mektep/mektep/sitecore/certification/pdf/pdftest"
)

// TestCertificatePDF: the PDF parses (every xref entry points at its object), shows the
// Kazakh holder's name, the number and the code as text, and carries the QR code of the
// verification address: the squares drawn rebuild exactly the encoder's matrix of the URL.
func TestCertificatePDF(t *testing.T) {
	url := "https://mektep.kz/certificates/ABCDE23456"
	c := pdf.Certificate{Lang: "kk", Holder: "Әлия Қасымқызы Ңұрғалиева-Өмірзақ", Kind: "Шаблондарды өңдеу",
		Number: "TPL-2026-000042", Code: "ABCDE23456", Issued: "01.09.2026", Expires: "01.09.2027", Status: "Жарамды",
		VerifyURL: url, Labels: map[string]string{"title": "Сертификат", "holder": "Иегері", "kind": "Түрі", "number": "Нөмірі",
			"issued": "Берілген күні", "expires": "Жарамды мерзімі", "status": "Күйі", "verify": "Түпнұсқалығын тексеру: кодты енгізіңіз немесе QR-кодты сканерлеңіз"}}
	data, err := pdf.Render(c)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := pdftest.Parse(data)
	if err != nil {
		t.Fatalf("the PDF does not parse: %v", err)
	}
	text := strings.Join(doc.Text, " ") // lines of a wrapped name join with a space
	for _, want := range []string{c.Holder, c.Number, c.Code, c.Kind, url, "Түпнұсқалығын"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF does not show %q; it shows:\n%s", want, text)
		}
	}
	// The QR code: squares of one module's side inside the QR area, by grid position.
	want, err := pdf.QRMatrix(url)
	if err != nil {
		t.Fatal(err)
	}
	n := len(want)
	const k = 72 / 25.4 // points per millimetre
	side := pdf.QRSize / float64(n) * k
	left, top := pdf.QRLeft*k, (297-pdf.QRTop)*k
	got := make([][]bool, n)
	for i := range got {
		got[i] = make([]bool, n)
	}
	modules := 0
	for _, r := range doc.Rects {
		if math.Abs(r.W-side) > 0.02 || math.Abs(-r.H-side) > 0.02 {
			continue
		}
		x, y := int(math.Round((r.X-left)/side)), int(math.Round((top-r.Y)/side))
		if x < 0 || y < 0 || x >= n || y >= n {
			t.Fatalf("a module outside the QR area: %+v", r)
		}
		got[y][x] = true
		modules++
	}
	if modules == 0 {
		t.Fatal("no QR modules drawn")
	}
	for y := range want {
		if !slices.Equal(got[y], want[y]) {
			t.Fatalf("QR row %d differs from the encoder's matrix of %s", y, url)
		}
	}
	if len(data) > 200<<10 {
		t.Errorf("the PDF is %d bytes: the fonts are not subset", len(data))
	}
}
