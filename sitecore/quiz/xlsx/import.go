package xlsx

import (
	"bytes"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/quiz"
)

// unzipLimit bounds what a workbook may unpack to, so a zip bomb is refused.
const unzipLimit = 200 << 20

// Import reads a bank workbook. Rows without a language are in lang. It returns every
// question, prepared and valid, or an error: EInvalid "quiz.import_format" for a file that
// is not a workbook, ETooLarge past quiz.MaxImportBytes, or quiz.Problems (through
// Problems.Failed) naming each problem's row and column.
func Import(r io.Reader, lang sitecore.Lang) ([]quiz.Question, error) {
	data, err := io.ReadAll(io.LimitReader(r, quiz.MaxImportBytes+1))
	if err != nil {
		return nil, sitecore.Internal("xlsx.Import", err)
	}
	if len(data) > quiz.MaxImportBytes {
		return nil, &sitecore.Error{Code: sitecore.ETooLarge, Key: "body.too_large", Field: "file",
			Args: map[string]string{"limit": strconv.Itoa(quiz.MaxImportBytes>>20) + " MB"}}
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: unzipLimit})
	if err != nil {
		return nil, formatError(err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, formatError(nil)
	}
	// Raw values: a number formatted "0" must not turn the key 3.14 into "3".
	rows, err := f.GetRows(sheets[0], excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, formatError(err)
	}
	return parse(rows, lang)
}

func formatError(err error) error {
	detail := "no sheet"
	if err != nil {
		detail = err.Error()
	}
	return &sitecore.Error{Code: sitecore.EInvalid, Key: "quiz.import_format", Field: "file", Err: err,
		Args: map[string]string{"format": "Excel (.xlsx)", "detail": detail}}
}

// draft is a question being read, with the row it started on.
type draft struct {
	q     quiz.Question
	row   int
	langs map[sitecore.Lang]bool
	// opts are the option cells of the first row, for translations to line up with.
	opts []int
}

// parse reads the rows (the first is the header) into questions or problems.
func parse(rows [][]string, lang sitecore.Lang) ([]quiz.Question, error) {
	var ps quiz.Problems
	if len(rows) == 0 || !headerOK(rows[0]) {
		ps.Add(1, "", "", sitecore.Invalid("file", "quiz.import_header", "want", strings.Join(Columns, ", ")+", option A…"))
		return nil, ps.Failed()
	}
	var drafts []*draft
	for i, raw := range rows[1:] {
		row := i + 2
		cells := make([]string, len(header()))
		for j := range cells {
			if j < len(raw) {
				cells[j] = strings.TrimSpace(raw[j])
			}
		}
		if blank(cells) {
			continue
		}
		l := lang
		if s := cells[colLang]; s != "" {
			l = sitecore.Lang(strings.ToLower(s))
			if !isLanguage(l) {
				ps.Add(row, cellName(colLang), "", sitecore.Invalid("lang", "lang.unsupported", "value", s))
				continue
			}
		}
		if cells[colType] == "" {
			if len(drafts) == 0 {
				ps.Add(row, cellName(colType), "", sitecore.Invalid("type", "quiz.import_continuation"))
				continue
			}
			if col, err := translate(drafts[len(drafts)-1], cells, l); err != nil {
				ps.Add(row, cellName(col), "", err)
			}
			continue
		}
		if len(drafts) >= quiz.MaxImportQuestions {
			return nil, sitecore.Invalid("file", "quiz.import_too_many", "max", strconv.Itoa(quiz.MaxImportQuestions))
		}
		d, col, err := start(cells, l)
		if err != nil {
			ps.Add(row, cellName(col), "", err)
			drafts = append(drafts, &draft{row: -1}) // keeps its translations from attaching above
			continue
		}
		d.row = row
		drafts = append(drafts, d)
	}
	var out []quiz.Question
	for _, d := range drafts {
		if d.row < 0 {
			continue
		}
		if err := d.q.Prepare(); err != nil {
			ps.Add(d.row, cellName(fieldColumn(sitecore.AsError(err).Field, d.opts)), d.q.Name, err)
			continue
		}
		out = append(out, d.q)
	}
	if len(ps) > 0 {
		return nil, ps.Failed()
	}
	if len(out) == 0 {
		return nil, sitecore.Invalid("file", "quiz.import_empty")
	}
	return out, nil
}

func headerOK(row []string) bool {
	for i, want := range Columns {
		if i >= len(row) || !strings.EqualFold(strings.TrimSpace(row[i]), want) {
			return false
		}
	}
	return true
}

func blank(cells []string) bool {
	for _, c := range cells {
		if c != "" {
			return false
		}
	}
	return true
}

func isLanguage(l sitecore.Lang) bool {
	for _, x := range quiz.Languages {
		if x == l {
			return true
		}
	}
	return false
}

// start reads the first row of a question; on failure it returns the column at fault.
func start(cells []string, l sitecore.Lang) (*draft, int, error) {
	kind, err := quiz.ParseKind("type", strings.ToLower(cells[colType]))
	if err != nil {
		return nil, colType, err
	}
	d := &draft{langs: map[sitecore.Lang]bool{l: true}}
	q := &d.q
	q.Kind, q.Category, q.Name = kind, cells[colCategory], cells[colName]
	q.Text = quiz.Text{l: cells[colQuestion]}
	if s := cells[colFeedback]; s != "" {
		q.Body.Feedback = quiz.Text{l: s}
	}
	if s := cells[colPoints]; s != "" {
		p, ok := quiz.ParseNumber(s)
		if !ok {
			return nil, colPoints, sitecore.Invalid("points", "quiz.number", "field", "points", "value", s)
		}
		q.Points = p
	}
	if s := cells[colRule]; s != "" {
		q.Body.Rule = quiz.CreditRule(strings.ToLower(s)) // Prepare validates it
	}
	for i := range MaxOptions {
		if cells[colFirstOption+i] != "" {
			d.opts = append(d.opts, i)
		}
	}
	b := &q.Body
	answer := cells[colAnswer]
	switch kind {
	case quiz.SingleChoice, quiz.MultipleChoice, quiz.Ordering:
		for _, i := range d.opts {
			b.Options = append(b.Options, quiz.Option{Text: quiz.Text{l: cells[colFirstOption+i]}})
		}
		if kind == quiz.Ordering {
			break
		}
		picks := strings.FieldsFunc(answer, func(r rune) bool { return r == ',' || r == ';' || r == ' ' })
		if len(picks) == 0 {
			return nil, colAnswer, sitecore.Invalid("answer", "quiz.correct_none")
		}
		for _, p := range picks {
			i, ok := letterIndex(p)
			pos := indexOf(d.opts, i)
			if !ok || pos < 0 {
				return nil, colAnswer, sitecore.Invalid("answer", "quiz.import_letter", "value", p)
			}
			b.Options[pos].Correct = true
		}
	case quiz.TrueFalse:
		switch strings.ToLower(answer) {
		case "true", "1":
			b.Truth = true
		case "false", "0":
		default:
			return nil, colAnswer, sitecore.Invalid("answer", "quiz.import_truth", "value", answer)
		}
	case quiz.ShortAnswer:
		tol, _, col, err := tolerance(cells[colTolerance])
		if err != nil {
			return nil, col, err
		}
		for _, a := range splitAnswers(answer) {
			b.Accepted = append(b.Accepted, quiz.Accepted{Text: a, Tolerance: tol})
		}
	case quiz.Numeric:
		v, ok := quiz.ParseNumber(answer)
		if !ok {
			return nil, colAnswer, sitecore.Invalid("answer", "quiz.number", "field", "answer", "value", answer)
		}
		tol, rel, col, err := tolerance(cells[colTolerance])
		if err != nil {
			return nil, col, err
		}
		b.Numbers = []quiz.NumberKey{{Value: v, Tolerance: tol, Relative: rel}}
	case quiz.Matching:
		for _, i := range d.opts {
			left, right, ok := strings.Cut(cells[colFirstOption+i], pairSep)
			if !ok {
				return nil, colFirstOption + i, sitecore.Invalid("options", "quiz.import_pair")
			}
			p := quiz.Pair{Right: quiz.Text{l: strings.TrimSpace(right)}}
			if left = strings.TrimSpace(left); left != "" {
				p.Left = quiz.Text{l: left}
			}
			b.Pairs = append(b.Pairs, p)
		}
	}
	return d, 0, nil
}

// translate adds a continuation row's texts in language l to the question above.
func translate(d *draft, cells []string, l sitecore.Lang) (int, error) {
	if d.row < 0 {
		return colType, nil // the question above failed and is reported already
	}
	if d.langs[l] {
		return colLang, sitecore.Invalid("lang", "lang.duplicate", "value", string(l))
	}
	d.langs[l] = true
	q := &d.q
	q.Text[l] = cells[colQuestion]
	if s := cells[colFeedback]; s != "" {
		if q.Body.Feedback == nil {
			q.Body.Feedback = quiz.Text{}
		}
		q.Body.Feedback[l] = s
	}
	var opts []int
	for i := range MaxOptions {
		if cells[colFirstOption+i] != "" {
			opts = append(opts, i)
		}
	}
	b := &q.Body
	switch q.Kind {
	case quiz.SingleChoice, quiz.MultipleChoice, quiz.Ordering, quiz.Matching:
		if !equalInts(opts, d.opts) {
			col := colFirstOption
			if len(opts) > 0 {
				col += opts[0]
			}
			return col, sitecore.Invalid("options", "quiz.import_mismatch")
		}
	}
	for k, i := range opts {
		s := cells[colFirstOption+i]
		switch q.Kind {
		case quiz.Matching:
			left, right, ok := strings.Cut(s, pairSep)
			if !ok {
				return colFirstOption + i, sitecore.Invalid("options", "quiz.import_pair")
			}
			if left = strings.TrimSpace(left); left != "" && b.Pairs[k].Left != nil {
				b.Pairs[k].Left[l] = left
			}
			b.Pairs[k].Right[l] = strings.TrimSpace(right)
		case quiz.SingleChoice, quiz.MultipleChoice, quiz.Ordering:
			b.Options[k].Text[l] = s
		}
	}
	if q.Kind == quiz.ShortAnswer && cells[colAnswer] != "" {
		tol := 0.0
		if len(b.Accepted) > 0 {
			tol = b.Accepted[0].Tolerance
		}
		for _, a := range splitAnswers(cells[colAnswer]) {
			b.Accepted = append(b.Accepted, quiz.Accepted{Text: a, Tolerance: tol})
		}
	}
	return 0, nil
}

// tolerance reads "0.01" (absolute) or "5%" (relative).
func tolerance(s string) (tol float64, relative bool, col int, err error) {
	if s == "" {
		return 0, false, 0, nil
	}
	num := strings.TrimSuffix(s, "%")
	v, ok := quiz.ParseNumber(num)
	if !ok || v < 0 {
		return 0, false, colTolerance, sitecore.Invalid("tolerance", "quiz.tolerance", "field", "tolerance")
	}
	if num != s {
		return v / 100, true, 0, nil
	}
	return v, false, 0, nil
}

func splitAnswers(s string) []string {
	var out []string
	for _, a := range strings.Split(s, "|") {
		if a = strings.TrimSpace(a); a != "" {
			out = append(out, a)
		}
	}
	return out
}

// fieldColumn maps a validation error's field to the template's column; opts are the
// option columns the question filled, so "options[1]" finds its cell across gaps.
func fieldColumn(field string, opts []int) int {
	head, rest, indexed := strings.Cut(field, "[")
	switch {
	case head == "options" || head == "pairs":
		if indexed {
			if n, err := strconv.Atoi(strings.SplitN(rest, "]", 2)[0]); err == nil && n >= 0 && n < len(opts) {
				return colFirstOption + opts[n]
			}
		}
		return colFirstOption
	case head == "accepted" || head == "numbers":
		if strings.HasSuffix(field, ".tolerance") {
			return colTolerance
		}
		return colAnswer
	case strings.HasPrefix(field, "text"):
		return colQuestion
	case strings.HasPrefix(field, "feedback"):
		return colFeedback
	}
	switch field {
	case "kind":
		return colType
	case "category":
		return colCategory
	case "name":
		return colName
	case "points":
		return colPoints
	case "rule":
		return colRule
	}
	return colType
}

func indexOf(xs []int, x int) int {
	for i, v := range xs {
		if v == x {
			return i
		}
	}
	return -1
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
