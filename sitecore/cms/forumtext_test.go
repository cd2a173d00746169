package cms

import (
	"strings"
	"testing"
)

func TestForumTextImages(t *testing.T) {
	const id = "0123456789abcdef0123456789abcdef"
	ok := `<p>x</p><img src="/media/` + id + `/a.png" alt="A">`
	if got := ForumText(ok, true); !strings.Contains(got, `<img src="/media/`+id+`/a.png" alt="A">`) {
		t.Errorf("own image dropped: %s", got)
	}
	if got := ForumText(ok, false); strings.Contains(got, "<img") {
		t.Errorf("image kept without images: %s", got)
	}
	for _, bad := range []string{`<img src="https://evil.example/x.png" alt="e">`, `<img src="javascript:alert(1)">`,
		`<img src="/media/` + id + `/a.png" onerror="alert(1)">`, `<img src="//evil.example/media/` + id + `/a.png">`,
		`<img src="/media/../api/v1/me">`} {
		got := ForumText("<p>t</p>"+bad, true)
		if strings.Contains(got, "evil") || strings.Contains(got, "javascript") || strings.Contains(got, "onerror") || strings.Contains(got, "api/v1") {
			t.Errorf("%s → %s", bad, got)
		}
	}
}
