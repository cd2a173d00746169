package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	commonpb "go.temporal.io/api/common/v1"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/keyring"
	"github.com/mektep/mektep/workflows"
)

// Personal data that must never be readable in a Temporal history: addresses and links that
// carry tokens. Tests add what they typed themselves (names, IINs, ticket text, passwords);
// IINs are not matched by shape, since 12-digit record IDs look the same.
var (
	emailPattern = regexp.MustCompile(`[\p{L}\d._%+-]+@[\p{L}\d-]+\.[\p{L}.]{2,}`)
	tokenPattern = regexp.MustCompile(`token=|/reset-password\?|/verify-email\?|mkp_`)
)

// historyLeak is one piece of personal data found in a history.
type historyLeak struct{ workflowID, path, found string }

// scanHistory reads every string and byte field of every event of a workflow's history, as
// someone with Temporal access but without the payload key would (payloads are looked at
// as stored, and decoded with the default converter where they decode), and reports what
// it finds of the needles and of the patterns above.
func scanHistory(t testing.TB, c client.Client, workflowID, runID string, needles []string) []historyLeak {
	t.Helper()
	var leaks []historyLeak
	check := func(path string, b []byte) {
		for _, n := range needles {
			if n != "" && bytes.Contains(b, []byte(n)) {
				leaks = append(leaks, historyLeak{workflowID, path, n})
			}
		}
		for _, re := range []*regexp.Regexp{emailPattern, tokenPattern} {
			if m := re.Find(b); m != nil {
				leaks = append(leaks, historyLeak{workflowID, path, string(m)})
			}
		}
	}
	var walk func(m protoreflect.Message, path string)
	value := func(fd protoreflect.FieldDescriptor, v protoreflect.Value, path string) {
		switch fd.Kind() {
		case protoreflect.MessageKind, protoreflect.GroupKind:
			walk(v.Message(), path)
		case protoreflect.StringKind:
			check(path, []byte(v.String()))
		case protoreflect.BytesKind:
			check(path, v.Bytes())
		}
	}
	walk = func(m protoreflect.Message, path string) {
		if p, ok := m.Interface().(*commonpb.Payload); ok { // what the default converter reads
			var v any
			if err := converter.GetDefaultDataConverter().FromPayload(p, &v); err == nil {
				check(path+"(decoded)", []byte(fmt.Sprint(v)))
			}
		}
		m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
			name := string(fd.Name())
			if name == "identity" { // worker identities are pid@host
				return true
			}
			p := path + "." + name
			switch {
			case fd.IsList():
				for i := 0; i < v.List().Len(); i++ {
					value(fd, v.List().Get(i), fmt.Sprintf("%s[%d]", p, i))
				}
			case fd.IsMap():
				v.Map().Range(func(k protoreflect.MapKey, mv protoreflect.Value) bool {
					check(p+"{key}", []byte(k.String()))
					value(fd.MapValue(), mv, p+"["+k.String()+"]")
					return true
				})
			default:
				value(fd, v, p)
			}
			return true
		})
	}
	iter := c.GetWorkflowHistory(context.Background(), workflowID, runID, false, 0)
	for iter.HasNext() {
		ev, err := iter.Next()
		if err != nil {
			t.Fatalf("history of %s: %v", workflowID, err)
		}
		walk(ev.ProtoReflect(), ev.GetEventType().String())
	}
	check("workflow_id", []byte(workflowID))
	return leaks
}

// assertHistoriesPrivate scans the history of every workflow the stack ran (its own task
// queue) and fails on any personal data or secret readable without the payload key. It
// returns how many workflows of each type it read, so a test can check it saw what it ran.
func assertHistoriesPrivate(t testing.TB, s *stack, needles ...string) map[string]int {
	t.Helper()
	ctx := context.Background()
	seen := map[string]int{}
	var next []byte
	for {
		resp, err := s.App.Temporal.ListWorkflow(ctx, &workflowservice.ListWorkflowExecutionsRequest{
			Query: fmt.Sprintf("TaskQueue = '%s'", s.Env["TEMPORAL_TASK_QUEUE"]), NextPageToken: next})
		if err != nil {
			t.Fatalf("list workflows: %v", err)
		}
		for _, e := range resp.Executions {
			seen[e.GetType().GetName()]++
			for _, l := range scanHistory(t, s.App.Temporal, e.GetExecution().GetWorkflowId(), e.GetExecution().GetRunId(), needles) {
				t.Errorf("%s: %q readable without the key at %s", l.workflowID, l.found, l.path)
			}
		}
		if next = resp.NextPageToken; len(next) == 0 {
			break
		}
	}
	if len(seen) == 0 {
		t.Fatal("no workflow found on the stack's task queue")
	}
	return seen
}

// TestHistoryScanFindsPlainPayloads shows that the scan sees what a client without the codec
// writes: a workflow started in clear with an address, an IIN and a reset link is flagged.
func TestHistoryScanFindsPlainPayloads(t *testing.T) {
	c := testenv.TemporalClient(t)
	id := "privacy-probe/" + fmt.Sprint(time.Now().UnixNano())
	run, err := c.ExecuteWorkflow(context.Background(), client.StartWorkflowOptions{ID: id, TaskQueue: "privacy-probe-nobody"},
		"NoSuchWorkflow", map[string]string{"to": "aigerim@example.kz", "iin": "990106300596",
			"link": "http://demo.localhost/account/reset-password?token=abc", "name": "Әлихан Қасымұлы"})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = c.TerminateWorkflow(context.Background(), id, run.GetRunID(), "probe done") }()
	leaks := scanHistory(t, c, id, run.GetRunID(), []string{"Әлихан Қасымұлы", "990106300596"})
	found := map[string]bool{}
	for _, l := range leaks {
		found[l.found] = true
	}
	for _, want := range []string{"aigerim@example.kz", "Әлихан Қасымұлы", "990106300596", "/reset-password?"} {
		if !found[want] {
			t.Errorf("the scan missed %q in a plain payload (found %v)", want, found)
		}
	}
}

// TestCodecRoundTripAndEndpoint seals with the stack's key, shows that the codec endpoint
// opens payloads for an operator only, and that a codec with another key cannot.
func TestCodecRoundTripAndEndpoint(t *testing.T) {
	s := startStack(t, stackOptions{noWorker: true})
	dc := workflows.DataConverter(s.App.Ring)
	p, err := dc.ToPayload(map[string]string{"child": "Әлихан Қасымұлы"})
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(p.Data, []byte("Әлихан")) || string(p.Metadata["encoding"]) != workflows.EncodingEncrypted {
		t.Fatalf("payload not sealed: %q", p.Metadata)
	}
	var back map[string]string
	if err := dc.FromPayload(p, &back); err != nil || back["child"] != "Әлихан Қасымұлы" {
		t.Fatalf("round trip: %v %v", back, err)
	}
	other, _ := keyring.Parse(keyring.Generate(s.App.Ring.Current()))
	if err := workflows.DataConverter(other).FromPayload(p, &back); err == nil {
		t.Fatal("another key opened the payload")
	}

	body := `{"payloads":[` + string(mustProtoJSON(t, p)) + `]}`
	if r := s.do("POST", "/api/temporal-codec/decode", body, "Content-Type", "application/json"); r.Status != 401 {
		t.Errorf("decode without a token: %d %s", r.Status, r.Body)
	}
	_, cookie := verifiedParent(t, s, "codec-parent@example.kz", "ru")
	if r := s.do("POST", "/api/temporal-codec/decode", body, "Content-Type", "application/json", "Cookie", cookie); r.Status != 401 {
		t.Errorf("decode with a session cookie only: %d", r.Status)
	}
	r := s.do("POST", "/api/temporal-codec/decode", body, "Content-Type", "application/json", "Authorization", "Bearer "+s.Token,
		"Origin", "http://localhost:8233")
	var decoded struct{ Payloads []json.RawMessage }
	if r.Status != 200 || json.Unmarshal(r.Body, &decoded) != nil || len(decoded.Payloads) != 1 {
		t.Fatalf("decode as operator: %d %s", r.Status, r.Body)
	}
	var plain commonpb.Payload
	if err := protojson.Unmarshal(decoded.Payloads[0], &plain); err != nil {
		t.Fatal(err)
	}
	back = nil
	if err := converter.GetDefaultDataConverter().FromPayload(&plain, &back); err != nil || back["child"] != "Әлихан Қасымұлы" {
		t.Fatalf("decoded by the endpoint: %v %v", back, err)
	}
	if r.Header.Get("Access-Control-Allow-Origin") != "http://localhost:8233" {
		t.Errorf("CORS for the Temporal UI: %q", r.Header.Get("Access-Control-Allow-Origin"))
	}
}

func mustProtoJSON(t *testing.T, p *commonpb.Payload) []byte {
	t.Helper()
	b, err := protojson.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// openPayloads replaces every sealed payload of a history by the payload it seals.
func openPayloads(t testing.TB, h *historypb.History, codec converter.PayloadCodec) {
	t.Helper()
	var walk func(m protoreflect.Message)
	walk = func(m protoreflect.Message) {
		if p, ok := m.Interface().(*commonpb.Payload); ok {
			out, err := codec.Decode([]*commonpb.Payload{p})
			if err != nil {
				t.Fatalf("open payload: %v", err)
			}
			if out[0] != p {
				p.Metadata, p.Data = out[0].Metadata, out[0].Data
			}
			return
		}
		m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
			if fd.Kind() != protoreflect.MessageKind {
				return true
			}
			switch {
			case fd.IsList():
				for i := 0; i < v.List().Len(); i++ {
					walk(v.List().Get(i).Message())
				}
			case fd.IsMap():
				v.Map().Range(func(_ protoreflect.MapKey, mv protoreflect.Value) bool {
					if fd.MapValue().Kind() == protoreflect.MessageKind {
						walk(mv.Message())
					}
					return true
				})
			default:
				walk(v.Message())
			}
			return true
		})
	}
	for _, ev := range h.Events {
		walk(ev.ProtoReflect())
	}
}

// TestEmailSecretsNeverReachTemporal holds without the codec: a client that writes payloads
// in clear queues an email carrying a reset link, and the history still holds only its key,
// while the message (from the sealed spool) reaches the recipient with the link.
func TestEmailSecretsNeverReachTemporal(t *testing.T) {
	s := startStack(t, stackOptions{})
	plain := testenv.TemporalClient(t) // no codec
	q := &workflows.EmailQueue{Temporal: plain, TaskQueue: s.Env["TEMPORAL_TASK_QUEUE"], Spool: s.App.DB, Ring: s.App.Ring}
	key := fmt.Sprintf("reset-password/probe/%d", time.Now().UnixNano())
	link := "http://demo.localhost/account/reset-password?token=S3cr3t-Probe-Token"
	if err := q.Enqueue(context.Background(), &sitecore.Email{Key: key, To: "probe.parent@example.kz",
		Subject: "Құпиясөзді қалпына келтіру", Text: "Әлихан, " + link}); err != nil {
		t.Fatal(err)
	}
	m := waitMail(t, s, "probe.parent@example.kz", nil)
	if !strings.Contains(m.Text, "S3cr3t-Probe-Token") {
		t.Fatalf("the spooled message lost its link: %q", m.Text)
	}
	testenv.Eventually(t, 30*time.Second, "email workflow closed", func() bool {
		d, err := plain.DescribeWorkflowExecution(context.Background(), workflows.EmailWorkflowID(key), "")
		return err == nil && d.GetWorkflowExecutionInfo().GetCloseTime() != nil
	})
	if leaks := scanHistory(t, plain, workflows.EmailWorkflowID(key), "", []string{"S3cr3t-Probe-Token", "Әлихан"}); len(leaks) > 0 {
		t.Errorf("secrets in a history written without the codec: %v", leaks)
	}
	if n := countRows(t, s, `SELECT count(*) FROM mail_spool WHERE key = $1`, key); n != 0 {
		t.Errorf("the sent message is still in the spool (%d rows)", n)
	}
	if n := countRows(t, s, `SELECT count(*) FROM mail_log WHERE key = $1`, key); n != 1 {
		t.Errorf("mail log rows for the sent message: %d", n)
	}
}
