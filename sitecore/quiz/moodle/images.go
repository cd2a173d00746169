package moodle

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"path"
	"regexp"
	"strings"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/quiz"
)

// pluginFile is Moodle's reference to a file embedded beside a text:
// src="@@PLUGINFILE@@/dir/name.png" (the name URL-escaped).
var pluginFile = regexp.MustCompile(`@@PLUGINFILE@@(/[^"'\s<>?#]*)`)

// MaxImages caps the pictures of one question.
const MaxImages = 20

// embedded returns the pictures a text refers to, each with the reference as it is written
// in the text, so the caller can put the picture's address in its place. Files the text
// does not refer to are skipped; a reference without its file, a file that does not
// decode, and a file that is not a PNG, JPEG, GIF or WebP picture are problems.
func embedded(t *text) ([]quiz.Image, error) {
	refs := pluginFile.FindAllStringSubmatch(t.Text, -1)
	if len(refs) == 0 {
		return nil, nil
	}
	files := map[string]file{}
	for _, f := range t.Files {
		files[path.Join("/", f.Path, f.Name)] = f
	}
	var out []quiz.Image
	seen := map[string]bool{}
	for _, m := range refs {
		ref := m[0]
		if seen[ref] {
			continue
		}
		seen[ref] = true
		name, err := url.PathUnescape(m[1])
		if err != nil {
			name = m[1]
		}
		f, ok := files[path.Clean(name)]
		if !ok {
			return nil, sitecore.Invalid("file", "quiz.image_missing", "name", strings.TrimPrefix(name, "/"))
		}
		if f.Encoding != "" && f.Encoding != "base64" {
			return nil, sitecore.Invalid("file", "quiz.image_bad", "name", f.Name)
		}
		data, err := base64.StdEncoding.DecodeString(strings.Map(func(r rune) rune {
			if r == ' ' || r == '\n' || r == '\r' || r == '\t' {
				return -1
			}
			return r
		}, f.Data))
		if err != nil || len(data) == 0 {
			return nil, sitecore.Invalid("file", "quiz.image_bad", "name", f.Name)
		}
		switch http.DetectContentType(data) {
		case "image/png", "image/jpeg", "image/gif", "image/webp":
		default:
			return nil, sitecore.Invalid("file", "quiz.image_bad", "name", f.Name)
		}
		if len(out) == MaxImages {
			return nil, sitecore.Invalid("file", "quiz.options_many", "max", "20")
		}
		out = append(out, quiz.Image{Ref: ref, Name: f.Name, Data: data})
	}
	return out, nil
}
