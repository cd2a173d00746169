package config_test

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mektep/mektep/internal/config"
)

// env returns a getenv that reads only m.
func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// fieldOf returns the setting of c that the variable name fills, as the string its default
// is written in.
func fieldOf(t *testing.T, c *config.Config, name string) (string, bool) {
	t.Helper()
	switch name {
	case "MEKTEP_HTTP_ADDR":
		return c.HTTPAddr, true
	case "MEKTEP_PUBLIC_URL":
		return c.PublicURL, true
	case "DATABASE_URL":
		return c.DatabaseURL, true
	case "MONGODB_URI":
		return c.MongoURI, true
	case "MONGODB_DATABASE":
		return c.MongoDatabase, true
	case "TEMPORAL_ADDRESS":
		return c.TemporalAddress, true
	case "TEMPORAL_NAMESPACE":
		return c.TemporalNS, true
	case "TEMPORAL_TASK_QUEUE":
		return c.TaskQueue, true
	case "TEMPORAL_TLS_CERT":
		return c.TemporalTLSCert, true
	case "TEMPORAL_TLS_KEY":
		return c.TemporalTLSKey, true
	case "TEMPORAL_TLS_CA":
		return c.TemporalTLSCA, true
	case "TEMPORAL_TLS_SERVER_NAME":
		return c.TemporalTLSServerName, true
	case "MEKTEP_TRUSTED_PROXIES":
		parts := make([]string, len(c.TrustedProxies))
		for i, p := range c.TrustedProxies {
			parts[i] = p.String()
		}
		return strings.Join(parts, ","), true
	case "MEKTEP_DNS_SERVER":
		return c.DNSServer, true
	case "MEKTEP_SYNDICATION_ALLOW_NETS":
		parts := make([]string, len(c.SyndicationAllow))
		for i, p := range c.SyndicationAllow {
			parts[i] = p.String()
		}
		return strings.Join(parts, ","), true
	case "MEKTEP_SYNDICATION_KEYS":
		parts := []string{}
		for k, v := range c.SyndicationKeys {
			parts = append(parts, k+"="+v)
		}
		return strings.Join(parts, ","), true
	case "MEKTEP_PLATFORM_DOMAIN":
		return c.PlatformDomain, true
	case "SMTP_URL":
		return c.SMTPURL, true
	case "MEKTEP_MAIL_FROM":
		return c.MailFrom, true
	case "MEKTEP_BOOTSTRAP_TOKEN":
		return c.BootstrapToken, true
	case "MEKTEP_METRICS_ADDR":
		return c.MetricsAddr, true
	case "MEKTEP_VAR_DIR":
		return c.VarDir, true
	case "MEKTEP_EDS_ROOTS_DIR":
		return c.EDSRootsDir, true
	case "MEKTEP_DEMO_HOSTS":
		return strings.Join(c.DemoHosts, ","), true
	case "MEKTEP_MEDIA_MAX_SIZE":
		return fmt.Sprintf("%dMiB", c.MediaMaxFile>>20), c.MediaMaxFile%(1<<20) == 0
	case "MEKTEP_MEDIA_MAX_VIDEO_SIZE":
		return fmt.Sprintf("%dMiB", c.MediaMaxVideo>>20), c.MediaMaxVideo%(1<<20) == 0
	case "MEKTEP_QUOTA_DEFAULT":
		return fmt.Sprintf("%dGiB", c.QuotaDefault>>30), c.QuotaDefault%(1<<30) == 0
	case "MEKTEP_NCALAYER_URL":
		return c.NCALayerURL, true
	case "MEKTEP_DOVECOT_PASSWD":
		return c.DovecotPasswd, true
	case "MEKTEP_DOVECOT_MAIL_ROOT":
		return c.DovecotMailRoot, true
	case "MEKTEP_DOVECOT_CONFIG":
		return c.DovecotConfig, true
	case "MEKTEP_IDENTITY_KEY":
		return c.IdentityKey, true
	case "MEKTEP_PAYLOAD_KEYS":
		return c.PayloadKeys, true
	case "MEKTEP_TEMPORAL_UI_ORIGIN":
		return c.TemporalUIOrigin, true
	case "MEKTEP_WORKER_CACHE":
		return strconv.Itoa(c.WorkerCache), true
	case "MEKTEP_WORKER_POLLERS":
		return strconv.Itoa(c.WorkerPollers), true
	case "MEKTEP_SYNDICATION_SHARDS":
		return strconv.Itoa(c.SyndicationShards), true
	case "MEKTEP_RATE_LIMITS":
		if c.RateLimits {
			return "on", true
		}
		return "off", true
	case "MEKTEP_BACKUP_STORE":
		return c.Backup.Store, true
	case "MEKTEP_BACKUP_S3_ENDPOINT":
		return c.Backup.S3Endpoint, true
	case "MEKTEP_BACKUP_S3_REGION":
		return c.Backup.S3Region, true
	case "MEKTEP_BACKUP_S3_ACCESS_KEY":
		return c.Backup.S3AccessKey, true
	case "MEKTEP_BACKUP_S3_SECRET_KEY":
		return c.Backup.S3SecretKey, true
	case "MEKTEP_BACKUP_SCHEDULE":
		return c.Backup.Schedule, true
	case "MEKTEP_BACKUP_DRILL_SCHEDULE":
		return c.Backup.DrillSchedule, true
	case "MEKTEP_BACKUP_TIMEZONE":
		return c.Backup.Location.String(), true
	case "MEKTEP_BACKUP_RETENTION":
		r := c.Backup.Retention
		return fmt.Sprintf("%d,%d,%d", r[0], r[1], r[2]), true
	case "MEKTEP_BACKUP_ALERT_EMAILS":
		return strings.Join(c.Backup.AlertEmails, ","), true
	case "MEKTEP_PG_BIN":
		return c.Backup.PGBin, true
	case "MEKTEP_BACKUP_DRILL_DATABASE_URL":
		return c.Backup.DrillDatabase, true
	case "MEKTEP_BACKUP_DRILL_MONGODB_DATABASE":
		return c.Backup.DrillMongoDB, true
	case "MEKTEP_CONTENT_REPAIR_GRACE":
		return c.RepairGrace.String(), true
	case "MEKTEP_LOG_LEVEL", "MEKTEP_SHUTDOWN_TIMEOUT":
		return "", true // compared as parsed values below
	}
	return "", false
}

func TestLoadDefaults(t *testing.T) {
	c, err := config.Load(env(nil))
	if err != nil {
		t.Fatalf("Load with an empty environment: %v", err)
	}
	for _, v := range config.Vars {
		got, ok := fieldOf(t, c, v.Name)
		if !ok {
			t.Errorf("%s: the test does not know which field it fills; add it to fieldOf", v.Name)
			continue
		}
		switch v.Name {
		case "MEKTEP_LOG_LEVEL":
			var want slog.Level
			if err := want.UnmarshalText([]byte(v.Default)); err != nil {
				t.Errorf("default of %s %q does not parse: %v", v.Name, v.Default, err)
			}
			if c.LogLevel != want {
				t.Errorf("LogLevel = %v, want %v (%s default %q)", c.LogLevel, want, v.Name, v.Default)
			}
		case "MEKTEP_SHUTDOWN_TIMEOUT":
			want, err := time.ParseDuration(v.Default)
			if err != nil {
				t.Errorf("default of %s %q does not parse: %v", v.Name, v.Default, err)
			}
			if c.ShutdownTimeout != want {
				t.Errorf("ShutdownTimeout = %v, want %v", c.ShutdownTimeout, want)
			}
		case "MEKTEP_CONTENT_REPAIR_GRACE":
			if want, err := time.ParseDuration(v.Default); err != nil || c.RepairGrace != want {
				t.Errorf("RepairGrace = %v, want the default %q", c.RepairGrace, v.Default)
			}
		default:
			if got != v.Default {
				t.Errorf("%s = %q, want the default %q", v.Name, got, v.Default)
			}
		}
	}
}

func TestVars(t *testing.T) {
	seen := map[string]bool{}
	for _, v := range config.Vars {
		if seen[v.Name] {
			t.Errorf("%s listed twice", v.Name)
		}
		seen[v.Name] = true
		if strings.TrimSpace(v.Doc) == "" {
			t.Errorf("%s has no Doc", v.Name)
		}
		if strings.HasSuffix(v.Name, "_FILE") {
			t.Errorf("%s: _FILE variants are derived, not listed", v.Name)
		}
	}
	for _, name := range []string{"DATABASE_URL", "MONGODB_URI", "SMTP_URL", "MEKTEP_BOOTSTRAP_TOKEN"} {
		i := slices.IndexFunc(config.Vars, func(v config.Var) bool { return v.Name == name })
		if i < 0 || !config.Vars[i].Secret {
			t.Errorf("%s must be listed as a secret", name)
		}
	}
}

func TestLoadValues(t *testing.T) {
	c, err := config.Load(env(map[string]string{
		"MEKTEP_HTTP_ADDR":        "127.0.0.1:9000",
		"MEKTEP_PUBLIC_URL":       "https://mektep.kz/",
		"DATABASE_URL":            "postgresql://app@db:5432/mektep",
		"MONGODB_URI":             "mongodb+srv://cluster.example.kz",
		"SMTP_URL":                "smtps://user:pass@mail.example.kz:465",
		"MEKTEP_BOOTSTRAP_TOKEN":  strings.Repeat("t", 24),
		"MEKTEP_LOG_LEVEL":        "debug",
		"MEKTEP_SHUTDOWN_TIMEOUT": "1m30s",
		"MEKTEP_DEMO_HOSTS":       " a.localhost , ,b.localhost ",
		"MEKTEP_WORKER_CACHE":     "500",
		"MEKTEP_WORKER_POLLERS":   "8",
	}))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if c.HTTPAddr != "127.0.0.1:9000" {
		t.Errorf("HTTPAddr = %q", c.HTTPAddr)
	}
	if c.PublicURL != "https://mektep.kz" {
		t.Errorf("PublicURL = %q, want the trailing slash trimmed", c.PublicURL)
	}
	if c.DatabaseURL != "postgresql://app@db:5432/mektep" || c.MongoURI != "mongodb+srv://cluster.example.kz" ||
		c.SMTPURL != "smtps://user:pass@mail.example.kz:465" {
		t.Errorf("URLs = %q %q %q", c.DatabaseURL, c.MongoURI, c.SMTPURL)
	}
	if c.BootstrapToken != strings.Repeat("t", 24) {
		t.Errorf("BootstrapToken = %q", c.BootstrapToken)
	}
	if c.LogLevel != slog.LevelDebug {
		t.Errorf("LogLevel = %v", c.LogLevel)
	}
	if c.ShutdownTimeout != 90*time.Second {
		t.Errorf("ShutdownTimeout = %v", c.ShutdownTimeout)
	}
	if want := []string{"a.localhost", "b.localhost"}; !slices.Equal(c.DemoHosts, want) {
		t.Errorf("DemoHosts = %q, want %q", c.DemoHosts, want)
	}
	if c.WorkerCache != 500 || c.WorkerPollers != 8 {
		t.Errorf("WorkerCache, WorkerPollers = %d, %d", c.WorkerCache, c.WorkerPollers)
	}
}

func TestLoadSecretFromFile(t *testing.T) {
	dir := t.TempDir()
	token := strings.Repeat("s3cr3t", 5)
	tokenFile := filepath.Join(dir, "token")
	if err := os.WriteFile(tokenFile, []byte("  "+token+"\n\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	dbFile := filepath.Join(dir, "db")
	if err := os.WriteFile(dbFile, []byte("postgres://app:pw@db/mektep\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := config.Load(env(map[string]string{
		"MEKTEP_BOOTSTRAP_TOKEN_FILE": tokenFile,
		"DATABASE_URL_FILE":           dbFile,
	}))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if c.BootstrapToken != token {
		t.Errorf("BootstrapToken = %q, want the trimmed file content %q", c.BootstrapToken, token)
	}
	if c.DatabaseURL != "postgres://app:pw@db/mektep" {
		t.Errorf("DatabaseURL = %q", c.DatabaseURL)
	}

	// A file whose content is invalid is validated like the variable itself.
	short := filepath.Join(dir, "short")
	if err := os.WriteFile(short, []byte("short\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = config.Load(env(map[string]string{"MEKTEP_BOOTSTRAP_TOKEN_FILE": short}))
	if err == nil || !strings.Contains(err.Error(), "MEKTEP_BOOTSTRAP_TOKEN") {
		t.Errorf("short token from a file: err = %v", err)
	}
}

func TestLoadFileForNonSecret(t *testing.T) {
	file := filepath.Join(t.TempDir(), "value")
	if err := os.WriteFile(file, []byte("value\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, v := range config.Vars {
		if v.Secret {
			continue
		}
		t.Run(v.Name, func(t *testing.T) {
			_, err := config.Load(env(map[string]string{v.Name + "_FILE": file}))
			if err == nil {
				t.Fatalf("%s_FILE accepted for a non-secret variable", v.Name)
			}
			if !strings.Contains(err.Error(), v.Name+"_FILE") {
				t.Errorf("error does not name %s_FILE: %v", v.Name, err)
			}
		})
	}
}

func TestLoadMissingFile(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "no-such-file")
	_, err := config.Load(env(map[string]string{"MEKTEP_BOOTSTRAP_TOKEN_FILE": missing}))
	if err == nil {
		t.Fatal("a missing secret file was accepted")
	}
	if !strings.Contains(err.Error(), "MEKTEP_BOOTSTRAP_TOKEN_FILE") {
		t.Errorf("error does not name the variable: %v", err)
	}
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("error does not wrap fs.ErrNotExist: %v", err)
	}
}

func TestLoadInvalid(t *testing.T) {
	tests := []struct {
		name, value string
	}{
		{"MEKTEP_LOG_LEVEL", "verbose"},
		{"MEKTEP_LOG_LEVEL", "trace"},
		{"MEKTEP_SHUTDOWN_TIMEOUT", "soon"},
		{"MEKTEP_SHUTDOWN_TIMEOUT", "20"},
		{"MEKTEP_SHUTDOWN_TIMEOUT", "0s"},
		{"MEKTEP_SHUTDOWN_TIMEOUT", "-5s"},
		{"MEKTEP_CONTENT_REPAIR_GRACE", "0s"},
		{"MEKTEP_CONTENT_REPAIR_GRACE", "a minute"},
		{"MEKTEP_WORKER_CACHE", "0"},
		{"MEKTEP_WORKER_CACHE", "lots"},
		{"MEKTEP_WORKER_POLLERS", "-1"},
		{"MEKTEP_PUBLIC_URL", "mektep.kz"},
		{"MEKTEP_PUBLIC_URL", "ftp://mektep.kz"},
		{"MEKTEP_PUBLIC_URL", "https://"},
		{"DATABASE_URL", "mysql://root@db/mektep"},
		{"DATABASE_URL", "host=db dbname=mektep"},
		{"MONGODB_URI", "http://127.0.0.1:27017"},
		{"MONGODB_URI", "127.0.0.1:27017"},
		{"SMTP_URL", "mail.example.kz:25"},
		{"SMTP_URL", "http://mail.example.kz"},
		{"MEKTEP_BOOTSTRAP_TOKEN", "short"},
		{"MEKTEP_BOOTSTRAP_TOKEN", strings.Repeat("x", 23)},
		{"MEKTEP_HTTP_ADDR", "8080"},
		{"MEKTEP_HTTP_ADDR", ":http"},
		{"MEKTEP_HTTP_ADDR", "localhost"},
	}
	for _, tt := range tests {
		t.Run(tt.name+"="+tt.value, func(t *testing.T) {
			_, err := config.Load(env(map[string]string{tt.name: tt.value}))
			if err == nil {
				t.Fatalf("%s=%q accepted", tt.name, tt.value)
			}
			if !strings.Contains(err.Error(), tt.name) {
				t.Errorf("error does not name %s: %v", tt.name, err)
			}
			// Only the bad variable is blamed.
			for _, v := range config.Vars {
				if v.Name != tt.name && strings.Contains(err.Error(), v.Name+":") {
					t.Errorf("error also blames %s: %v", v.Name, err)
				}
			}
		})
	}
}

func TestLoadReportsAllErrors(t *testing.T) {
	bad := map[string]string{
		"MEKTEP_LOG_LEVEL":        "loud",
		"MEKTEP_SHUTDOWN_TIMEOUT": "never",
		"MEKTEP_PUBLIC_URL":       "mektep.kz",
		"DATABASE_URL":            "mysql://db",
		"MONGODB_URI":             "http://db",
		"SMTP_URL":                "mail:25",
		"MEKTEP_BOOTSTRAP_TOKEN":  "short",
		"MEKTEP_HTTP_ADDR":        "nowhere",
	}
	_, err := config.Load(env(bad))
	if err == nil {
		t.Fatal("Load accepted an environment full of errors")
	}
	for name := range bad {
		if !strings.Contains(err.Error(), name+":") {
			t.Errorf("error does not report %s: %v", name, err)
		}
	}
	if u, ok := err.(interface{ Unwrap() []error }); !ok || len(u.Unwrap()) != len(bad) {
		t.Errorf("want %d joined errors, got %v", len(bad), err)
	}
}

func TestLoadAcceptsBoundaries(t *testing.T) {
	for _, e := range []map[string]string{
		{"MEKTEP_BOOTSTRAP_TOKEN": strings.Repeat("x", 24)},
		{"MEKTEP_HTTP_ADDR": "127.0.0.1:0"},
		{"MEKTEP_HTTP_ADDR": "[::1]:8080"},
		{"MEKTEP_PUBLIC_URL": "http://localhost:8080/"},
		{"MEKTEP_LOG_LEVEL": "WARN"},
		{"MEKTEP_LOG_LEVEL": "error"},
		{"MEKTEP_SHUTDOWN_TIMEOUT": "1ms"},
		{"MONGODB_URI": "mongodb://127.0.0.1:27018/"},
		{"SMTP_URL": "smtp://127.0.0.1:2525?tls=required"},
	} {
		if _, err := config.Load(env(e)); err != nil {
			t.Errorf("Load(%v): %v", e, err)
		}
	}
}

func TestRequireServices(t *testing.T) {
	tests := []struct {
		name      string
		env       map[string]string
		wantNames []string
	}{
		{"dev defaults", nil, []string{"MONGODB_URI", "SMTP_URL", "MEKTEP_PAYLOAD_KEYS", "MEKTEP_IDENTITY_KEY"}},
		{"only Mongo", map[string]string{"MONGODB_URI": "mongodb://db:27017"}, []string{"SMTP_URL", "MEKTEP_PAYLOAD_KEYS"}},
		{"only SMTP", map[string]string{"SMTP_URL": "smtp://mail:25"}, []string{"MONGODB_URI", "MEKTEP_PAYLOAD_KEYS"}},
		{"no keys", map[string]string{"MONGODB_URI": "mongodb://db:27017", "SMTP_URL": "smtp://mail:25"}, []string{"MEKTEP_PAYLOAD_KEYS", "MEKTEP_IDENTITY_KEY"}},
		{"all", map[string]string{"MONGODB_URI": "mongodb://db:27017", "SMTP_URL": "smtp://mail:25",
			"MEKTEP_PAYLOAD_KEYS": "k1:" + strings.Repeat("A", 43) + "=", "MEKTEP_IDENTITY_KEY": strings.Repeat("A", 44)}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := config.Load(env(tt.env))
			if err != nil {
				t.Fatal(err)
			}
			err = c.RequireServices()
			if len(tt.wantNames) == 0 {
				if err != nil {
					t.Errorf("RequireServices: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("RequireServices accepted missing %v", tt.wantNames)
			}
			for _, name := range []string{"MONGODB_URI", "SMTP_URL"} {
				if got, want := strings.Contains(err.Error(), name), slices.Contains(tt.wantNames, name); got != want {
					t.Errorf("error names %s: %v, want %v (%v)", name, got, want, err)
				}
			}
		})
	}
}

// TestREADMEListsEveryVariable keeps the README's configuration table in step with Vars.
func TestREADMEListsEveryVariable(t *testing.T) {
	root := repoRoot(t)
	data, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatalf("README.md: %v", err)
	}
	readme := string(data)
	for _, v := range config.Vars {
		if !mentions(readme, v.Name) {
			t.Errorf("README.md does not mention %s", v.Name)
		}
	}
}

// mentions reports whether name occurs in text as a whole word, so DATABASE_URL is not
// satisfied by MEKTEP_TEST_DATABASE_URL alone.
func mentions(text, name string) bool {
	isWord := func(b byte) bool {
		return b == '_' || b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z' || b >= '0' && b <= '9'
	}
	for i := 0; ; {
		j := strings.Index(text[i:], name)
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(name)
		if (start == 0 || !isWord(text[start-1])) && (end == len(text) || !isWord(text[end]) ||
			strings.HasPrefix(text[end:], "_FILE")) {
			return true
		}
		i = start + 1
	}
}

func TestMentions(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"| `DATABASE_URL` | postgres |", true},
		{"DATABASE_URL", true},
		{"set DATABASE_URL_FILE to a file", true},
		{"MEKTEP_TEST_DATABASE_URL only", false},
		{"DATABASE_URLS", false},
		{"nothing", false},
	}
	for _, tt := range tests {
		if got := mentions(tt.text, "DATABASE_URL"); got != tt.want {
			t.Errorf("mentions(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

// repoRoot finds the module root above the test's working directory.
func repoRoot(t *testing.T) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for d := wd; ; d = filepath.Dir(d) {
		data, err := os.ReadFile(filepath.Join(d, "go.mod"))
		if err == nil && strings.HasPrefix(string(data), "module github.com/mektep/mektep\n") {
			return d
		}
		if filepath.Dir(d) == d {
			t.Fatalf("go.mod of github.com/mektep/mektep not found above %s", wd)
		}
	}
}
