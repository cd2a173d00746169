package app_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/coder/websocket"

	"github.com/mektep/mektep/frontend"
	"github.com/mektep/mektep/sitecore/eds/edstest"
)

// fakeNCALayer is a stand-in for NCALayer on the participant's computer: a real WebSocket
// server that answers like NCALayer (version on connect, an error for the KAZTOKEN probe,
// and a detached CMS for kz.gov.pki.knca.basics sign), signing with the test's key.
type fakeNCALayer struct {
	URL    string
	signer *edstest.Holder
	signed atomic.Int64 // documents signed
	last   atomic.Value // the last document signed ([]byte)
}

func startFakeNCALayer(t *testing.T, signer *edstest.Holder) *fakeNCALayer {
	t.Helper()
	f := &fakeNCALayer{signer: signer}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(f.serve)}
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(func() { _ = srv.Close() })
	f.URL = "ws://" + l.Addr().String()
	return f
}

func (f *fakeNCALayer) serve(w http.ResponseWriter, r *http.Request) {
	c, err := websocket.Accept(w, r, &websocket.AcceptOptions{InsecureSkipVerify: true}) // pages of any origin, as NCALayer
	if err != nil {
		return
	}
	defer c.CloseNow()
	ctx := r.Context()
	send := func(v any) error {
		data, _ := json.Marshal(v)
		return c.Write(ctx, websocket.MessageText, data)
	}
	if send(map[string]any{"result": map[string]string{"version": "1.4"}}) != nil {
		return
	}
	for {
		_, data, err := c.Read(ctx)
		if err != nil {
			return
		}
		var req struct {
			Module, Method string
			Args           struct {
				Format, Data  string
				SigningParams struct{ Encapsulate bool }
			}
		}
		_ = json.Unmarshal(data, &req)
		if req.Module != "kz.gov.pki.knca.basics" || req.Method != "sign" || req.Args.Format != "cms" {
			_ = send(map[string]any{"code": "500", "message": "unknown module " + req.Module})
			continue
		}
		doc, err := base64.StdEncoding.DecodeString(req.Args.Data)
		if err != nil {
			_ = send(map[string]any{"status": false, "code": "500", "message": "bad data"})
			continue
		}
		cms := f.signer.Sign(doc, edstest.SignOptions{Detached: !req.Args.SigningParams.Encapsulate})
		f.signed.Add(1)
		f.last.Store(doc)
		_ = send(map[string]any{"status": true, "body": map[string]any{"result": []string{base64.StdEncoding.EncodeToString(cms.DER)}}})
	}
}

// axeCheck runs axe-core (from npm, embedded) in the page and fails on any serious or
// critical violation.
func axeCheck(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	axe, err := frontend.Read("axe.min.js")
	if err != nil {
		t.Fatalf("axe-core: %v (run make assets)", err)
	}
	type violation struct {
		ID, Impact, Help string
		Nodes            []struct{ Target []string }
	}
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](string(axe)+";0")); err != nil {
		t.Fatalf("loading axe on %s: %v", page, err)
	}
	violations, err := chromedp.Run(ctx, chromedp.Evaluate[[]violation](
		`axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations)`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("axe on %s: %v", page, err)
	}
	for _, v := range violations {
		if v.Impact == "serious" || v.Impact == "critical" {
			t.Errorf("%s: axe %s (%s): %s at %v", page, v.ID, v.Impact, v.Help, v.Nodes)
		}
	}
}

// TestBrowserSignedSecretVote: a parent opens a secret vote on the school's site in Debian
// chromium, chooses, presses "sign and send"; the page blinds a token, has (a stand-in for)
// NCALayer sign the eligibility statement with a GOST-512 key of a test CA the platform
// trusts, gets the blind signature, sends the ballot without cookies and shows the receipt.
// The database holds one voter and one ballot that name nothing of each other.
func TestBrowserSignedSecretVote(t *testing.T) {
	root := edstest.NewRoot(edstest.GOST512, "ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (TEST)")
	const iin = "990106300596"
	voter := root.Issue(edstest.Individual(edstest.GOST512, iin, "АСАНОВ", "АСАН"))
	roots := t.TempDir()
	if err := os.WriteFile(filepath.Join(roots, "root.pem"), pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: root.Cert.Raw}), 0o644); err != nil {
		t.Fatal(err)
	}
	nca := startFakeNCALayer(t, voter)
	s := startStack(t, stackOptions{env: map[string]string{"MEKTEP_EDS_ROOTS_DIR": roots, "MEKTEP_NCALAYER_URL": nca.URL}})
	a := provisionTenant(t, s, "school-vote")
	base := fmt.Sprintf("/api/v1/sites/%d/surveys", a.site)
	r := s.operator("POST", base, map[string]any{
		"kind": "vote", "mode": "anonymous", "signature_required": true, "audience": map[string]any{"kind": "iin_list"},
		"title": map[string]string{"kk": "Мектеп формасы", "ru": "Школьная форма", "en": "School uniform"},
		"questions": []any{map[string]any{"id": "q", "kind": "single", "required": true,
			"text":    map[string]string{"kk": "Жаңа форманы бекітеміз бе?", "ru": "Утверждаем новую форму?", "en": "Approve the new uniform?"},
			"options": []any{map[string]any{"id": "yes", "text": map[string]string{"kk": "Иә", "ru": "Да", "en": "Yes"}}, map[string]any{"id": "no", "text": map[string]string{"kk": "Жоқ", "ru": "Нет", "en": "No"}}}}},
		"opens_at": time.Now().Add(-time.Minute), "closes_at": time.Now().Add(time.Hour)})
	if r.Status != 201 {
		t.Fatalf("create: %d %s", r.Status, r.Body)
	}
	id := int64(obj(t, r.JSON(t), "survey")["id"].(float64))
	sv := fmt.Sprintf("%s/%d", base, id)
	if r := s.operator("PUT", sv+"/audience", map[string]any{"rows": []any{map[string]string{"iin": iin}}}); r.Status != 200 {
		t.Fatalf("audience: %d %s", r.Status, r.Body)
	}
	if r := s.operator("POST", sv+"/schedule", nil); r.Status != 200 {
		t.Fatalf("schedule: %d %s", r.Status, r.Body)
	}

	u, _ := url.Parse(s.URL)
	origin := "http://" + a.host + ":" + u.Port()
	page := fmt.Sprintf("%s/ru/surveys/%d", origin, id)
	// WebCrypto (blinding) needs a secure context, as the school's HTTPS site is; the test
	// serves plain HTTP, so chromium is told to treat this origin as secure.
	ctx := chromiumWith(t, a.host, chromedp.Flag("unsafely-treat-insecure-origin-as-secure", origin))
	if err := chromedp.Do(ctx, chromedp.Navigate(page), chromedp.WaitVisible(chromedp.ID("survey"))); err != nil {
		t.Fatal(err)
	}
	note, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("mode-note")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(note, "Тайное голосование") {
		t.Errorf("mode note: %q", note)
	}
	axeCheck(t, ctx, "survey page")
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`input[name="q.q"][value="yes"]`)),
		chromedp.Click(chromedp.ID("send")),
		chromedp.WaitVisible(chromedp.ID("receipt-code")),
	); err != nil {
		status, _ := chromedp.Run(ctx, chromedp.Text(chromedp.ID("status")))
		t.Fatalf("voting: %v (page says %q)", err, status)
	}
	receipt, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("receipt-code")))
	if err != nil {
		t.Fatal(err)
	}
	if nca.signed.Load() != 1 {
		t.Errorf("NCALayer signed %d documents, want 1", nca.signed.Load())
	}
	if doc, _ := nca.last.Load().([]byte); strings.Contains(string(doc), "yes") {
		t.Errorf("the signed statement holds the ballot: %q", doc)
	}
	if len(receipt) < 8 {
		t.Fatalf("receipt %q", receipt)
	}
	if r := s.operator("GET", sv+"/receipts/"+url.PathEscape(receipt), nil); r.Status != 200 || r.JSON(t)["counted"] != true {
		t.Errorf("receipt check: %d %s", r.Status, r.Body)
	}
	if n := countRows(t, s, `SELECT count(*) FROM survey_voters WHERE survey_id = $1`, id); n != 1 {
		t.Errorf("voters: %d", n)
	}
	if n := countRows(t, s, `SELECT count(*) FROM survey_ballots WHERE survey_id = $1`, id); n != 1 {
		t.Errorf("ballots: %d", n)
	}
	// A second vote by the same person is refused, with the reason on the page.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(page),
		chromedp.WaitVisible(chromedp.ID("survey")),
		chromedp.Click(chromedp.CSS(`input[name="q.q"][value="no"]`)),
		chromedp.Click(chromedp.ID("send")),
		chromedp.Poll[chromedp.Void](`document.getElementById("status").className === "sv-error"`, chromedp.WithPollingTimeout(30*time.Second)),
	); err != nil {
		t.Fatal(err)
	}
	status, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("status")))
	if err != nil {
		t.Fatal(err)
	}
	if status == "" {
		t.Error("second vote: no message")
	}
	if n := countRows(t, s, `SELECT count(*) FROM survey_ballots WHERE survey_id = $1`, id); n != 1 {
		t.Errorf("ballots after a second try: %d", n)
	}
}
