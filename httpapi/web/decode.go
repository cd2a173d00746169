package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/mektep/mektep/sitecore"
)

// MaxJSONBody is the largest JSON request body the API reads.
const MaxJSONBody = 1 << 20

// ReadBody reads the request body up to limit bytes.
func ReadBody(r *http.Request, limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
	if err != nil {
		return nil, sitecore.Invalid("body", "body.invalid_json", "detail", "unreadable body")
	}
	if int64(len(data)) > limit {
		return nil, &sitecore.Error{Code: sitecore.ETooLarge, Key: "body.too_large",
			Args: map[string]string{"limit": strconv.FormatInt(limit>>10, 10) + " KiB"}}
	}
	return data, nil
}

// DecodeJSON parses data into v strictly: unknown fields and wrong types are errors naming
// the field, so a typo in a request never passes silently.
func DecodeJSON(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	var (
		syn *json.SyntaxError
		typ *json.UnmarshalTypeError
	)
	switch {
	case err == nil:
		// Only white space may follow the value (dec.More misses a stray "}" or "]").
		if len(bytes.TrimLeft(data[dec.InputOffset():], " \t\r\n")) > 0 {
			return sitecore.Invalid("body", "body.invalid_json", "detail", "trailing data")
		}
		return nil
	case errors.Is(err, io.EOF):
		return sitecore.Invalid("body", "body.invalid_json", "detail", "empty body")
	case errors.As(err, &syn):
		return sitecore.Invalid("body", "body.invalid_json", "detail", "syntax error at byte "+strconv.FormatInt(syn.Offset, 10))
	case errors.As(err, &typ) && typ.Field == "":
		// The body itself is not an object ("[]", "1"): there is no field to name.
		return sitecore.Invalid("body", "body.invalid_json", "detail", "not a JSON object")
	case errors.As(err, &typ):
		return sitecore.Invalid(typ.Field, "field.type", "want", typ.Type.String())
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		f := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		if f == "" {
			f = `""` // {"": 1}: the message must still name something
		}
		return sitecore.Invalid(f, "field.unknown")
	default:
		return sitecore.Invalid("body", "body.invalid_json", "detail", "malformed JSON")
	}
}

// Decode reads and strictly decodes the JSON body into v, answering the error itself.
func (s *Responder) Decode(w http.ResponseWriter, r *http.Request, v any) bool {
	body, err := ReadBody(r, MaxJSONBody)
	if err == nil {
		err = DecodeJSON(body, v)
	}
	if err != nil {
		s.Error(w, r, err)
		return false
	}
	return true
}
