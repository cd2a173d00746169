package moodle

import (
	"bytes"
	"encoding/base64"
	"errors"
	"strings"
	"testing"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/quiz"
)

// A 1×1 PNG.
var pngPixel, _ = base64.StdEncoding.DecodeString("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")

func imageBank(src, files string) string {
	return `<?xml version="1.0" encoding="UTF-8"?><quiz>
<question type="essay"><name><text>Сурет</text></name>
<questiontext format="html"><text><![CDATA[<p>Не көрсетілген? <img src="` + src + `" alt="мысық"></p>]]></text>` + files + `</questiontext>
</question></quiz>`
}

func TestImportFilesImages(t *testing.T) {
	b64 := base64.StdEncoding.EncodeToString(pngPixel)
	f, err := ImportFiles(strings.NewReader(imageBank("@@PLUGINFILE@@/%D0%BC%D1%8B%D1%81%D1%8B%D2%9B%201.png",
		`<file name="мысық 1.png" path="/" encoding="base64">`+b64[:10]+"\n "+b64[10:]+`</file><file name="unused.png" path="/" encoding="base64">`+b64+`</file>`)), sitecore.Kazakh)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Questions) != 1 || len(f.Images) != 1 || len(f.Images[0]) != 1 {
		t.Fatalf("got %+v", f)
	}
	img := f.Images[0][0]
	if img.Name != "мысық 1.png" || !bytes.Equal(img.Data, pngPixel) || !strings.Contains(f.Questions[0].Text["kk"], img.Ref) {
		t.Errorf("image %q %q, text %q", img.Name, img.Ref, f.Questions[0].Text["kk"])
	}
	// Import (without files) still reads the same file.
	if qs, err := Import(strings.NewReader(imageBank("@@PLUGINFILE@@/a.png", `<file name="a.png" encoding="base64">`+b64+`</file>`)), sitecore.Kazakh); err != nil || len(qs) != 1 {
		t.Errorf("Import: %v %d", err, len(qs))
	}

	for name, c := range map[string]struct{ src, files, key string }{
		"missing":    {"@@PLUGINFILE@@/b.png", `<file name="a.png" encoding="base64">` + b64 + `</file>`, "quiz.image_missing"},
		"not base64": {"@@PLUGINFILE@@/a.png", `<file name="a.png" encoding="base64">!!!</file>`, "quiz.image_bad"},
		"not image":  {"@@PLUGINFILE@@/a.png", `<file name="a.png" encoding="base64">` + base64.StdEncoding.EncodeToString([]byte("<script>x</script>")) + `</file>`, "quiz.image_bad"},
	} {
		_, err := ImportFiles(strings.NewReader(imageBank(c.src, c.files)), sitecore.Kazakh)
		var ps quiz.Problems
		if !errors.As(err, &ps) || len(ps) != 1 || ps[0].Err.Key != c.key || ps[0].Column != "file" || ps[0].Row != 1 {
			t.Errorf("%s: %v", name, err)
		}
	}
}
