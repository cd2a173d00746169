// Package pdf writes a certificate as a one-page A4 PDF: the holder, the kind, the number,
// the validity, the verification code and a QR code of the public verification page
// (/certificates/{code}). It uses codeberg.org/go-pdf/fpdf (pure Go, embedded TrueType
// subsets) with DejaVu Sans embedded in the binary, whose glyphs cover Kazakh Cyrillic
// (ә ғ қ ң ө ұ ү һ і), Russian and Latin; and github.com/skip2/go-qrcode for the QR
// matrix, drawn as vector squares so it stays sharp at any zoom or print size.
package pdf

import (
	"bytes"
	_ "embed"
	"fmt"

	"codeberg.org/go-pdf/fpdf"
	qrcode "github.com/skip2/go-qrcode"
)

// DejaVu Sans (Bitstream Vera licence with public-domain DejaVu changes; fonts/LICENSE-DejaVu),
// from Debian's fonts-dejavu-core.
var (
	//go:embed fonts/DejaVuSans.ttf
	regular []byte
	//go:embed fonts/DejaVuSans-Bold.ttf
	bold []byte
)

// Certificate is what the PDF shows, already in the reader's language: Labels holds the
// captions ("title", "holder", "kind", "number", "issued", "expires", "code", "verify",
// "status") and the values are formatted.
type Certificate struct {
	Lang      string
	Labels    map[string]string
	Holder    string
	Kind      string
	Number    string
	Code      string
	Issued    string
	Expires   string
	Status    string // the status at the time of download ("" to leave it out)
	VerifyURL string
}

// QR code geometry on the page, in millimetres: the square's side and its top-left corner.
const (
	QRSize = 50.0
	QRLeft = 145.0
	QRTop  = 215.0
)

// QRLevel is the error correction of the QR code: Medium (15 %) survives a crease or a
// stamp on paper.
const QRLevel = qrcode.Medium

// QRMatrix is the QR code of url as drawn: true for a dark module, rows top to bottom,
// without the quiet zone (the page margin around the square is wider than four modules).
func QRMatrix(url string) ([][]bool, error) {
	q, err := qrcode.New(url, QRLevel)
	if err != nil {
		return nil, err
	}
	q.DisableBorder = true
	return q.Bitmap(), nil
}

// Render writes the certificate.
func Render(c Certificate) ([]byte, error) {
	matrix, err := QRMatrix(c.VerifyURL)
	if err != nil {
		return nil, fmt.Errorf("certificate QR code: %w", err)
	}
	p := fpdf.New("P", "mm", "A4", "")
	p.SetCreator("Mektep", true)
	p.SetTitle(c.Labels["title"]+" "+c.Number, true)
	p.SetSubject(c.Holder, true)
	p.SetLang(c.Lang)
	p.AddUTF8FontFromBytes("DejaVu", "", regular)
	p.AddUTF8FontFromBytes("DejaVu", "B", bold)
	p.SetMargins(20, 20, 20)
	p.SetAutoPageBreak(false, 0)
	p.AddPage()

	// A frame and the heading.
	p.SetDrawColor(30, 70, 120)
	p.SetLineWidth(1.2)
	p.Rect(10, 10, 190, 277, "D")
	p.SetLineWidth(0.3)
	p.Rect(13, 13, 184, 271, "D")
	p.SetTextColor(30, 70, 120)
	p.SetFont("DejaVu", "B", 28)
	p.SetXY(20, 40)
	p.CellFormat(170, 14, c.Labels["title"], "", 1, "C", false, 0, "")
	p.SetFont("DejaVu", "", 14)
	p.SetTextColor(60, 60, 60)
	p.CellFormat(170, 9, c.Labels["kind"]+": "+c.Kind, "", 1, "C", false, 0, "")

	// The holder.
	p.SetY(80)
	p.SetFont("DejaVu", "", 12)
	p.CellFormat(170, 8, c.Labels["holder"], "", 1, "C", false, 0, "")
	p.SetFont("DejaVu", "B", 24)
	p.SetTextColor(0, 0, 0)
	p.MultiCell(170, 12, c.Holder, "", "C", false)

	// The details.
	p.SetY(130)
	rows := [][2]string{{c.Labels["number"], c.Number}, {c.Labels["issued"], c.Issued}, {c.Labels["expires"], c.Expires}}
	if c.Status != "" {
		rows = append(rows, [2]string{c.Labels["status"], c.Status})
	}
	for _, r := range rows {
		p.SetX(35)
		p.SetFont("DejaVu", "", 12)
		p.SetTextColor(60, 60, 60)
		p.CellFormat(55, 9, r[0], "", 0, "L", false, 0, "")
		p.SetFont("DejaVu", "B", 12)
		p.SetTextColor(0, 0, 0)
		p.CellFormat(95, 9, r[1], "", 1, "L", false, 0, "")
	}

	// The verification code and address beside the QR code.
	p.SetXY(20, QRTop)
	p.SetFont("DejaVu", "", 11)
	p.SetTextColor(60, 60, 60)
	p.MultiCell(115, 6, c.Labels["verify"], "", "L", false)
	p.SetX(20)
	p.SetFont("DejaVu", "B", 20)
	p.SetTextColor(0, 0, 0)
	p.CellFormat(115, 12, c.Code, "", 1, "L", false, 0, "")
	p.SetX(20)
	p.SetFont("DejaVu", "", 9)
	p.SetTextColor(30, 70, 120)
	p.CellFormat(115, 6, c.VerifyURL, "", 1, "L", false, 0, c.VerifyURL)
	drawQR(p, matrix)

	var b bytes.Buffer
	if err := p.Output(&b); err != nil {
		return nil, fmt.Errorf("certificate PDF: %w", err)
	}
	return b.Bytes(), nil
}

// drawQR draws each dark module as a filled square of the QR area.
func drawQR(p *fpdf.Fpdf, m [][]bool) {
	n := float64(len(m))
	side := QRSize / n
	p.SetFillColor(0, 0, 0)
	for y, row := range m {
		for x, dark := range row {
			if dark {
				p.Rect(QRLeft+float64(x)*side, QRTop+float64(y)*side, side, side, "F")
			}
		}
	}
}
