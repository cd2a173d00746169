package survey

import (
	"encoding/base64"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Canonical bytes. What a signer signs must be rebuilt byte for byte by the server from the
// values it checked, never taken from the client. The encoding is JSON with the keys of every
// object sorted, no whitespace, integers only, and strings escaped exactly as JavaScript's
// JSON.stringify escapes them (", \, and control characters; \b \f \n \r \t by name, others as
// \u00xx); for these values that is also RFC 8785 (JCS) when keys are ASCII, which question and
// option IDs are. So a browser can rebuild the same bytes with JSON.stringify over objects
// whose keys it inserted in sorted order.

// Types of the signed statements; the "type" member keeps one kind of statement from being
// replayed as another.
const (
	typeBallot      = "mektep.survey.ballot"
	typeEligibility = "mektep.survey.eligibility"
)

// canonical appends the canonical JSON of v to b. v is nil, bool, int, int64, string,
// []any, []string or map[string]any; anything else panics (a bug, not input).
func canonical(b []byte, v any) []byte {
	switch v := v.(type) {
	case nil:
		return append(b, "null"...)
	case bool:
		return strconv.AppendBool(b, v)
	case int:
		return strconv.AppendInt(b, int64(v), 10)
	case int64:
		return strconv.AppendInt(b, v, 10)
	case string:
		return appendString(b, v)
	case []string:
		b = append(b, '[')
		for i, s := range v {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, s)
		}
		return append(b, ']')
	case []any:
		b = append(b, '[')
		for i, x := range v {
			if i > 0 {
				b = append(b, ',')
			}
			b = canonical(b, x)
		}
		return append(b, ']')
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		b = append(b, '{')
		for i, k := range keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, k)
			b = append(b, ':')
			b = canonical(b, v[k])
		}
		return append(b, '}')
	}
	panic("survey: canonical: unsupported type")
}

// appendString appends s as a JSON string the way JSON.stringify writes it. s must be valid
// UTF-8 (ballot validation refuses anything else).
func appendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			_, n := utf8.DecodeRuneInString(s[i:])
			b = append(b, s[i:i+n]...)
			i += n
			continue
		}
		switch c {
		case '"':
			b = append(b, '\\', '"')
		case '\\':
			b = append(b, '\\', '\\')
		case '\b':
			b = append(b, '\\', 'b')
		case '\f':
			b = append(b, '\\', 'f')
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		case '\t':
			b = append(b, '\\', 't')
		default:
			if c < 0x20 {
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			} else {
				b = append(b, c)
			}
		}
		i++
	}
	return append(b, '"')
}

// CanonicalBallot returns the bytes a voter signs in named mode: the validated ballot of the
// survey's current version with the server's nonce,
//
//	{"answers":{…},"nonce":"…","site":1,"survey":2,"type":"mektep.survey.ballot","version":3}
//
// b must come from ValidateBallot.
func CanonicalBallot(s *Survey, nonce string, b Ballot) []byte {
	return canonical(nil, map[string]any{
		"answers": b.canonicalAnswers(), "nonce": nonce, "site": s.SiteID, "survey": s.ID,
		"type": typeBallot, "version": int64(s.Version),
	})
}

// CanonicalAnswers returns the canonical bytes of the ballot's answers alone: what the store
// keeps of an anonymous ballot (no nonce, nothing about the voter).
func CanonicalAnswers(b Ballot) []byte { return canonical(nil, b.canonicalAnswers()) }

// EligibilityStatement returns the bytes a voter signs in anonymous mode: the survey, the
// server's nonce and the blinded token (standard base64), never anything of the ballot,
//
//	{"blinded_token":"…","nonce":"…","site":1,"survey":2,"type":"mektep.survey.eligibility","version":3}
func EligibilityStatement(s *Survey, nonce string, blinded []byte) []byte {
	return canonical(nil, map[string]any{
		"blinded_token": base64.StdEncoding.EncodeToString(blinded), "nonce": nonce, "site": s.SiteID,
		"survey": s.ID, "type": typeEligibility, "version": int64(s.Version),
	})
}

// canonicalAnswers is the answers as canonical values: per question one member, choice lists
// in the question's option order.
func (b Ballot) canonicalAnswers() map[string]any {
	out := make(map[string]any, len(b.Answers))
	for id, a := range b.Answers {
		switch {
		case a.Choice != "":
			out[id] = map[string]any{"choice": a.Choice}
		case a.Choices != nil:
			out[id] = map[string]any{"choices": slices.Clone(a.Choices)}
		case a.Value != 0:
			out[id] = map[string]any{"value": a.Value}
		case a.Rows != nil:
			rows := make(map[string]any, len(a.Rows))
			for r, c := range a.Rows {
				rows[r] = c
			}
			out[id] = map[string]any{"rows": rows}
		default:
			out[id] = map[string]any{"text": a.Text}
		}
	}
	return out
}

// normalizeText trims a free-text answer and unifies its line ends, so the same text typed
// on two systems gives the same bytes.
func normalizeText(s string) string {
	return strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
}
