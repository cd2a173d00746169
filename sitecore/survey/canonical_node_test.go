package survey_test

import (
	"bytes"
	"os/exec"
	"testing"

	"github.com/mektep/mektep/sitecore/survey"
)

// TestCanonicalMatchesJSONStringify checks the claim the survey page relies on: JavaScript's
// JSON.stringify over the same values with keys inserted in sorted order gives the server's
// canonical bytes exactly (quotes, backslashes, control characters, non-ASCII, U+2028).
func TestCanonicalMatchesJSONStringify(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed")
	}
	s := validSurvey(t)
	b, err := survey.ValidateBallot(s, survey.Ballot{Answers: map[string]survey.Answer{
		"color": {Choice: "grey"}, "items": {Choices: []string{"vest", "tie"}}, "price": {Value: 4},
		"note": {Text: "\"Қ\"\\\t\u0001\u001f</>\u2028\u00e9😀x"}, "grid": {Rows: map[string]string{"spring": "no", "autumn": "yes"}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	want := survey.CanonicalBallot(s, "n-0_ce", b)
	const script = `let d='';process.stdin.on('data',c=>d+=c).on('end',()=>{
const sort=v=>Array.isArray(v)?v.map(sort):(v&&typeof v==='object')?Object.fromEntries(Object.keys(v).sort().map(k=>[k,sort(v[k])])):v;
process.stdout.write(JSON.stringify(sort(JSON.parse(d))));});`
	cmd := exec.Command(node, "-e", script)
	cmd.Stdin = bytes.NewReader(want)
	got, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("JSON.stringify gives\n%s\nthe server\n%s", got, want)
	}
}
