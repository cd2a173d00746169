package admissions

import (
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/mektep/mektep/sitecore"
)

// Catchment matching. Families write addresses as they like: "Алматы қ., Абай даңғылы,
// 12А", "г. Алматы, пр. Абая, д. 12а, кв. 5", "АБАЯ 12 А". Both sides (the school's
// territory and the family's address) are reduced to the same words: lower case, ё as е,
// the Kazakh letters as their nearest Russian ones (ә→а, қ→к, ұ/ү→у, і→и, ...), the words
// that name the kind of street or settlement dropped ("көшесі", "улица", "ул.", "даңғылы",
// "проспект", "пр.", "қаласы", "г.", ...), and a word's last vowel, й or ь dropped, so the
// Russian genitive and the Kazakh name meet ("Абая" and "Абай", "Сатпаева" and "Сәтпаев").
// The street's words must appear in that order in the address; the first number after them is
// the house ("12", "12а", "12/1"; "12 А" and "12-а" are read as "12а", a Latin A as the
// Cyrillic one).

// foldLetters maps the Kazakh letters and ё to the Russian letters they are written as when
// a keyboard lacks them.
var foldLetters = strings.NewReplacer("ё", "е", "ә", "а", "ғ", "г", "қ", "к", "ң", "н", "ө", "о", "ұ", "у", "ү", "у", "һ", "х", "і", "и")

// latinLookalikes maps Latin letters of house numbers to the Cyrillic ones they look like.
var latinLookalikes = strings.NewReplacer("a", "а", "b", "в", "c", "с", "e", "е", "h", "н", "k", "к", "m", "м", "o", "о", "p", "р", "t", "т", "x", "х")

// kindWords name a kind of street or settlement, after folding; they carry no name.
var kindWords = map[string]bool{
	// street
	"улица": true, "ул": true, "кошеси": true, "коше": true, "кош": true,
	"проспект": true, "пр": true, "просп": true, "пр-т": true, "дангылы": true, "дангыл": true, "данг": true,
	"переулок": true, "пер": true, "тупик": true, "туйык": true, "бульвар": true, "бул": true, "б-р": true,
	"шоссе": true, "тас": true, "жолы": true, "площадь": true, "пл": true, "алангы": true, "набережная": true, "наб": true,
	"микрорайон": true, "мкр": true, "мкрн": true, "м-н": true, "ыкшамаудан": true, "шагынаудан": true, "шагын": true, "аудан": true, "ауданы": true,
	// settlement
	"г": true, "город": true, "каласы": true, "кала": true, "к": true, "с": true, "село": true, "ауылы": true, "ауыл": true,
	"п": true, "пос": true, "поселок": true, "пгт": true, "кенти": true, "кент": true,
	// house
	"д": true, "дом": true, "уй": true, "house": true, "street": true, "st": true, "avenue": true, "ave": true,
}

// flatWords start the part after the house (flat, entrance), which matching ignores.
var flatWords = map[string]bool{"кв": true, "квартира": true, "патер": true, "пат": true, "flat": true, "apt": true, "офис": true}

// words splits a text into folded words: letters and digits, with "/" kept inside house
// numbers and "-" inside the abbreviations of kindWords ("пр-т", "б-р", "м-н").
func words(s string) []string {
	s = foldLetters.Replace(strings.ToLower(norm.NFC.String(s)))
	var out []string
	for _, w := range strings.FieldsFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '/' && r != '-'
	}) {
		if kindWords[w] {
			out = append(out, w) // "пр-т" is one word
			continue
		}
		for _, p := range strings.Split(w, "-") {
			if p = strings.Trim(p, "/"); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

// stem drops the ending that differs between a name's Russian and Kazakh forms.
func stem(w string) string {
	r := []rune(w)
	if len(r) < 4 || unicode.IsDigit(r[0]) {
		return w
	}
	if strings.ContainsRune("аяйыиоеуьъ", r[len(r)-1]) {
		r = r[:len(r)-1]
	}
	return string(r)
}

// nameWords are the stems of a street's or settlement's name, kind words dropped.
func nameWords(s string) []string {
	var out []string
	for _, w := range words(s) {
		if !kindWords[w] {
			out = append(out, stem(w))
		}
	}
	return out
}

// NormalizeStreet returns the comparable form of a street or settlement name: "Абай
// даңғылы", "проспект Абая" and "пр. АБАЯ" all give "аба".
func NormalizeStreet(s string) string { return strings.Join(nameWords(s), " ") }

// House is a house number: its number and the rest ("12а/1" is 12 and "а/1").
type House struct {
	Number int
	Suffix string
}

// String is the normal form of the house number.
func (h House) String() string { return strconv.Itoa(h.Number) + h.Suffix }

// ParseHouse reads a house number: digits, then optionally a letter and/or a fraction
// ("12", "12А", "12 а", "12/1", "12а/1"); Latin letters that look Cyrillic count as Cyrillic.
func ParseHouse(s string) (House, bool) {
	s = strings.ReplaceAll(latinLookalikes.Replace(foldLetters.Replace(strings.ToLower(strings.TrimSpace(s)))), " ", "")
	s = strings.ReplaceAll(s, "-", "")
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 || i > 6 {
		return House{}, false
	}
	n, _ := strconv.Atoi(s[:i])
	suffix := s[i:]
	for _, r := range suffix {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '/' {
			return House{}, false
		}
	}
	if n == 0 || len([]rune(suffix)) > 8 {
		return House{}, false
	}
	return House{Number: n, Suffix: suffix}, true
}

// territoryRule is a CatchmentRule ready for matching.
type territoryRule struct {
	settlement, street []string
	from, to           int
	parity             string
	houses             map[string]bool
}

// Territory is a school's catchment territory ready for matching addresses.
type Territory struct {
	rules []territoryRule
	// needSettlement: the territory spans several settlements, so an address must name its
	// settlement; a territory in one settlement matches addresses that leave it out.
	needSettlement bool
	// byStreet indexes the rules by their street's words; longest is the most words a
	// street has.
	byStreet map[string][]int
	longest  int
}

// NewTerritory prepares a territory for matching.
func NewTerritory(rules []sitecore.CatchmentRule) *Territory {
	t := &Territory{byStreet: map[string][]int{}}
	settlements := map[string]bool{}
	for _, r := range rules {
		tr := territoryRule{settlement: nameWords(r.Settlement), street: nameWords(r.Street), from: r.HouseFrom, to: r.HouseTo, parity: r.Parity}
		if len(tr.street) == 0 {
			continue
		}
		if len(r.Houses) > 0 {
			tr.houses = map[string]bool{}
			for _, h := range r.Houses {
				if hn, ok := ParseHouse(h); ok {
					tr.houses[hn.String()] = true
				}
			}
		}
		settlements[strings.Join(tr.settlement, " ")] = true
		key := strings.Join(tr.street, " ")
		t.byStreet[key] = append(t.byStreet[key], len(t.rules))
		t.longest = max(t.longest, len(tr.street))
		t.rules = append(t.rules, tr)
	}
	t.needSettlement = len(settlements) > 1
	return t
}

// Empty reports whether the territory has no streets.
func (t *Territory) Empty() bool { return t == nil || len(t.rules) == 0 }

// Contains reports whether the address lies inside the territory.
func (t *Territory) Contains(address string) bool {
	if t.Empty() {
		return false
	}
	// The address's words up to the flat, kind words dropped, and which of them are numbers.
	all := words(address)
	var ws []string
	for _, w := range all {
		if flatWords[w] {
			break
		}
		if !kindWords[w] {
			ws = append(ws, w)
		}
	}
	stems := make([]string, len(ws))
	for i, w := range ws {
		stems[i] = stem(w)
	}
	named := t.needSettlement || mentionsSettlement(all)
	for at := range stems {
		for n := 1; n <= t.longest && at+n <= len(stems); n++ {
			key := stems[at]
			if n > 1 {
				key = strings.Join(stems[at:at+n], " ")
			}
			for _, i := range t.byStreet[key] {
				r := &t.rules[i]
				if named && len(r.settlement) > 0 && !hasRun(stems, r.settlement) {
					continue
				}
				if r.matchesHouse(houseAfter(ws, at+n)) {
					return true
				}
			}
		}
	}
	return false
}

// mentionsSettlement reports whether the address names a settlement with a kind word
// ("г.", "қаласы", "с.", "ауылы"...): then the settlement must match even in a
// one-settlement territory.
func mentionsSettlement(words []string) bool {
	for _, w := range words {
		switch w {
		case "г", "город", "каласы", "кала", "с", "село", "ауылы", "ауыл", "п", "пос", "поселок", "пгт", "кенти", "кент":
			return true
		}
	}
	return false
}

// runAt reports whether run appears in ws at position at.
func runAt(ws, run []string, at int) bool {
	if at+len(run) > len(ws) {
		return false
	}
	for j, w := range run {
		if ws[at+j] != w {
			return false
		}
	}
	return true
}

// hasRun reports whether run appears anywhere in ws (an empty run always does).
func hasRun(ws, run []string) bool {
	for i := 0; i+len(run) <= len(ws); i++ {
		if runAt(ws, run, i) {
			return true
		}
	}
	return false
}

// houseAfter reads the house number that starts at ws[i] ("12", "12а", or "12" "а").
func houseAfter(ws []string, i int) (House, bool) {
	if i >= len(ws) || ws[i][0] < '0' || ws[i][0] > '9' {
		return House{}, false
	}
	s := ws[i]
	if i+1 < len(ws) && len([]rune(ws[i+1])) == 1 && !unicode.IsDigit([]rune(ws[i+1])[0]) {
		s += ws[i+1]
	}
	return ParseHouse(s)
}

// matchesHouse reports whether the house belongs to the rule.
func (r territoryRule) matchesHouse(h House, ok bool) bool {
	switch {
	case r.houses != nil:
		return ok && r.houses[h.String()]
	case r.from == 0 && r.to == 0:
		return true // the whole street
	case !ok || h.Number < r.from || h.Number > r.to:
		return false
	case r.parity == "odd":
		return h.Number%2 == 1
	case r.parity == "even":
		return h.Number%2 == 0
	}
	return true
}
