package app_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	smtp "github.com/emersion/go-smtp"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.temporal.io/api/workflowservice/v1"

	"github.com/mektep/mektep/deploy/devstack"
	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/workflows"
)

// buildMektep compiles the real binary with the toolchain running the tests.
func buildMektep(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "mektep")
	cmd := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "build", "-o", bin, "./cmd/mektep")
	cmd.Dir = testenv.Root(t)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// startWorker runs `mektep worker` as a separate process with the stack's configuration.
func startWorker(t *testing.T, bin string, s *stack) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(bin, "worker")
	cmd.Env = append(os.Environ(), "MEKTEP_METRICS_ADDR=127.0.0.1:0", "MEKTEP_LOG_LEVEL=warn")
	for k, v := range s.Env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
	})
	return cmd
}

// A worker killed (SIGKILL) in the middle of provisioning — while the SMTP server is still
// receiving the invitation — is replaced by a new one; the site ends up created once, its
// content seeded once, and exactly one invitation delivered.
func TestWorkerCrashMidProvisioning(t *testing.T) {
	s := startStack(t, stackOptions{noWorker: true})
	bin := buildMektep(t)

	held := make(chan struct{})
	release := make(chan struct{})
	var first atomic.Bool
	s.Sink.BeforeStore = func() error {
		if first.CompareAndSwap(false, true) {
			close(held)
			<-release
			return &smtp.SMTPError{Code: 451, Message: "connection lost"}
		}
		return nil
	}

	w1 := startWorker(t, bin, s)
	r := s.operator("POST", "/api/v1/sites", school("school21"))
	if r.Status != 202 {
		t.Fatalf("create: %d %s", r.Status, r.Body)
	}
	id := siteID(t, r)

	select {
	case <-held:
	case <-time.After(90 * time.Second):
		t.Fatal("the worker never reached the SMTP server")
	}
	if err := w1.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = w1.Wait()
	close(release)

	st := s.operator("GET", "/api/v1/sites/"+itoa(id), nil).JSON(t)
	if site := st["site"].(map[string]any); site["status"] != "provisioning" {
		t.Fatalf("after the crash: status %v", site["status"])
	}
	if r := s.do("GET", "/", nil, "Host", "school21.edu.kz"); r.Status != 404 {
		t.Errorf("site served before provisioning finished: %d", r.Status)
	}

	startWorker(t, bin, s)
	s.waitSite(id, "active", 2*time.Minute)

	mail, err := devstack.ReadMail(s.Sink.Dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(mail) != 1 || mail[0].To[0] != "director@school21.edu.kz" {
		t.Errorf("%d invitations, want exactly 1", len(mail))
	}
	ctx := context.Background()
	var sites int
	if err := s.App.DB.Pool.QueryRow(ctx, "SELECT count(*) FROM sites WHERE slug = 'school21'").Scan(&sites); err != nil || sites != 1 {
		t.Errorf("%d site rows (%v), want 1", sites, err)
	}
	if n, err := s.App.Content.Database().Collection("pages").CountDocuments(ctx, bson.D{{Key: "site_id", Value: id}}); err != nil || n != 4 {
		t.Errorf("%d pages (%v), want 4", n, err)
	}
	if n, err := s.App.Content.Database().Collection("menus").CountDocuments(ctx, bson.D{{Key: "site_id", Value: id}}); err != nil || n != 1 {
		t.Errorf("%d menus (%v), want 1", n, err)
	}
	runs, err := s.App.Temporal.ListWorkflow(ctx, &workflowservice.ListWorkflowExecutionsRequest{
		Query: "WorkflowId = '" + workflows.ProvisionSiteWorkflowID(id) + "'",
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(runs.GetExecutions()) != 1 {
		t.Errorf("%d workflow runs, want 1", len(runs.GetExecutions()))
	}
	if r := s.do("GET", "/ru/", nil, "Host", "school21.edu.kz"); r.Status != 200 {
		t.Errorf("site not served after recovery: %d", r.Status)
	}
}
