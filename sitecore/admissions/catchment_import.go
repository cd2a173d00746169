package admissions

import (
	"context"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/excel"
)

// Catchment territory import. The template (docs/school-admins.md) has a header row and one
// row per street or part of a street:
//
//	A settlement   B street   C house from   D house to   E parity   F houses
//
// A street alone is the whole street; C and D (with E: "odd"/"нечёт"/"тақ", "even"/"чёт"/
// "жұп", or empty for every house) a range; F a list of house numbers ("12А, 12/1, 15") —
// a range and a list may not share a row. Every row is checked; any problem refuses the whole
// file, naming each row and column, and the territory stays as it was.

// MaxCatchmentRows is the most rows a territory file may have.
const MaxCatchmentRows = 5000

// MaxCatchmentBytes is the largest territory file accepted.
const MaxCatchmentBytes = 5 << 20

// CatchmentProblem is one problem of a territory file.
type CatchmentProblem struct {
	Row    int             `json:"row"`
	Column string          `json:"column"`
	Err    *sitecore.Error `json:"-"`
}

// CatchmentProblems are the problems of a refused territory file; the error of the import
// wraps them so the HTTP layer can list them.
type CatchmentProblems []CatchmentProblem

func (ps CatchmentProblems) Error() string {
	var sb strings.Builder
	for i, p := range ps {
		if i > 0 {
			sb.WriteString("; ")
		}
		sb.WriteString("row " + strconv.Itoa(p.Row) + " column " + p.Column + ": " + p.Err.Key)
	}
	return sb.String()
}

// Message returns the problem in lang, with its row and column.
func (p CatchmentProblem) Message(lang sitecore.Lang) string {
	return sitecore.Message(lang, "quiz.import_at", map[string]string{"row": strconv.Itoa(p.Row), "column": p.Column}) +
		": " + sitecore.Message(lang, p.Err.Key, p.Err.Args)
}

// parity words of column E, folded.
var parities = map[string]string{
	"": "", "все": "", "всe": "", "барлыгы": "", "all": "",
	"odd": "odd", "нечет": "odd", "нечетные": "odd", "нечетная": "odd", "нечетн": "odd", "так": "odd",
	"even": "even", "чет": "even", "четные": "even", "четная": "even", "четн": "even", "жуп": "even",
}

// ParseCatchment reads the rows of a territory sheet (the first is the header) into rules,
// or fails with every problem found (EInvalid "admission.catchment_failed" wrapping
// CatchmentProblems).
func ParseCatchment(rows [][]string) ([]sitecore.CatchmentRule, error) {
	var ps CatchmentProblems
	add := func(row int, col, key string, args ...string) {
		ps = append(ps, CatchmentProblem{Row: row, Column: col, Err: sitecore.Invalid("file", key, args...)})
	}
	if len(rows) > MaxCatchmentRows+1 {
		add(MaxCatchmentRows+2, "A", "admission.catchment_too_many", "max", strconv.Itoa(MaxCatchmentRows))
		return nil, failed(ps)
	}
	var rules []sitecore.CatchmentRule
	for i, raw := range rows {
		row := i + 1
		if i == 0 {
			continue // the header
		}
		cell := func(j int) string {
			if j < len(raw) {
				return strings.Join(strings.Fields(raw[j]), " ")
			}
			return ""
		}
		r := sitecore.CatchmentRule{Line: row, Settlement: cell(0), Street: cell(1)}
		if strings.TrimSpace(strings.Join(raw, "")) == "" {
			continue // an empty row
		}
		if utf8.RuneCountInString(r.Settlement) > 200 {
			add(row, "A", "field.too_long", "max", "200")
		}
		switch {
		case r.Street == "":
			add(row, "B", "admission.catchment_street")
		case NormalizeStreet(r.Street) == "":
			add(row, "B", "admission.catchment_street")
		case utf8.RuneCountInString(r.Street) > 200:
			add(row, "B", "field.too_long", "max", "200")
		}
		num := func(col string, s string) int {
			if s == "" {
				return 0
			}
			s = strings.TrimSuffix(s, ".0") // a number cell read as "12.0"
			n, err := strconv.Atoi(s)
			if err != nil || n < 1 || n > 100000 {
				add(row, col, "admission.catchment_number", "value", s)
				return 0
			}
			return n
		}
		r.HouseFrom, r.HouseTo = num("C", cell(2)), num("D", cell(3))
		p, ok := parities[foldLetters.Replace(strings.ToLower(strings.TrimRight(cell(4), ".")))]
		if !ok {
			add(row, "E", "admission.catchment_parity", "value", cell(4))
		}
		r.Parity = p
		switch {
		case (cell(2) == "") != (cell(3) == ""):
			col := "D"
			if cell(2) == "" {
				col = "C"
			}
			add(row, col, "admission.catchment_range")
		case r.HouseFrom > r.HouseTo:
			add(row, "D", "admission.catchment_range")
		case r.Parity != "" && cell(2) == "":
			add(row, "E", "admission.catchment_range")
		}
		if f := cell(5); f != "" {
			if cell(2) != "" {
				add(row, "F", "admission.catchment_both")
			}
			for _, h := range strings.FieldsFunc(f, func(r rune) bool { return r == ',' || r == ';' }) {
				hn, ok := ParseHouse(h)
				if !ok {
					add(row, "F", "admission.catchment_house", "value", strings.TrimSpace(h))
					continue
				}
				r.Houses = append(r.Houses, hn.String())
			}
		}
		rules = append(rules, r)
	}
	if len(ps) > 0 {
		return nil, failed(ps)
	}
	if len(rules) == 0 {
		add(2, "B", "admission.catchment_street")
		return nil, failed(ps)
	}
	return rules, nil
}

func failed(ps CatchmentProblems) error {
	seen := map[int]bool{}
	var rows []string
	for _, p := range ps {
		if !seen[p.Row] {
			seen[p.Row] = true
			rows = append(rows, strconv.Itoa(p.Row))
		}
	}
	return &sitecore.Error{Code: sitecore.EInvalid, Key: "admission.catchment_failed", Field: "file", Err: ps,
		Args: map[string]string{"count": strconv.Itoa(len(ps)), "rows": strings.Join(rows, ", ")}}
}

// ImportCatchment replaces the site's catchment territory with the rules of an Excel file
// (admissions:edit), all or nothing, and returns how many rules it holds.
func (s *Service) ImportCatchment(ctx context.Context, p *sitecore.Principal, a sitecore.Actor, siteID int64, r io.Reader) (int, error) {
	if err := sitecore.Authorize(p, siteID, sitecore.ActionEdit, section); err != nil {
		return 0, err
	}
	rows, err := excel.ReadFirstSheet(r, MaxCatchmentBytes)
	if err != nil {
		return 0, err
	}
	rules, err := ParseCatchment(rows)
	if err != nil {
		return 0, err
	}
	if err := s.Catchment.ReplaceCatchment(ctx, siteID, rules, &sitecore.AuditEntry{SiteID: siteID, ActorID: a.UserID,
		ActorName: a.Name, Action: "admission.catchment.import", Target: strconv.Itoa(len(rules)) + " rows",
		IP: ipOf(a), UserAgent: a.UserAgent}); err != nil {
		return 0, err
	}
	s.territories.Delete(siteID)
	return len(rules), nil
}

// CatchmentRules returns the site's catchment territory (admissions:view).
func (s *Service) CatchmentRules(ctx context.Context, p *sitecore.Principal, siteID int64) ([]sitecore.CatchmentRule, error) {
	if err := sitecore.Authorize(p, siteID, sitecore.ActionView, section); err != nil {
		return nil, err
	}
	return s.Catchment.Catchment(ctx, siteID)
}

type cachedTerritory struct {
	t       *Territory
	expires time.Time
}

// territory returns the site's catchment territory, from a short cache (as campaign does);
// an import on this process drops the cached one at once.
func (s *Service) territory(ctx context.Context, siteID int64) (*Territory, error) {
	if s.Catchment == nil {
		return &Territory{}, nil
	}
	if v, ok := s.territories.Load(siteID); ok && time.Now().Before(v.(cachedTerritory).expires) {
		return v.(cachedTerritory).t, nil
	}
	v, err, _ := s.loads.Do("territory|"+strconv.FormatInt(siteID, 10), func() (any, error) {
		rules, err := s.Catchment.Catchment(context.WithoutCancel(ctx), siteID)
		if err != nil {
			return nil, err
		}
		t := NewTerritory(rules)
		s.territories.Store(siteID, cachedTerritory{t: t, expires: time.Now().Add(campaignTTL)})
		return t, nil
	})
	if err != nil {
		return nil, err
	}
	return v.(*Territory), nil
}

// checkCatchmentOpening refuses an address outside the territory while the campaign is
// open to its catchment only (before OpenToAllAt), naming the address field and the date.
func checkCatchmentOpening(c *sitecore.Campaign, inside bool, now time.Time) error {
	if c.OpenToAllAt == nil || inside || !now.Before(*c.OpenToAllAt) {
		return nil
	}
	return sitecore.Invalid("address", "admission.catchment_only", "date", sitecore.LocalDateTime(*c.OpenToAllAt))
}

// CatchmentTemplate writes the territory template with its header and examples in lang
// (admissions:view).
func (s *Service) CatchmentTemplate(p *sitecore.Principal, siteID int64, lang sitecore.Lang, w io.Writer) error {
	if err := sitecore.Authorize(p, siteID, sitecore.ActionView, section); err != nil {
		return err
	}
	return excel.WriteCatchmentTemplate(w, lang)
}
