package edstest

import (
	"crypto/x509/pkix"
	"encoding/asn1"
	"io"
	"math/big"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/crypto/ocsp"
)

// Revoked is one entry of a test CRL.
type Revoked struct {
	Serial *big.Int
	At     time.Time
	Reason int // 0 unspecified, 8 removeFromCRL (delta CRLs only)
}

// CRLOptions shape a test CRL.
type CRLOptions struct {
	ThisUpdate time.Time // zero is an hour ago
	NextUpdate time.Time // zero is a day from now
	Number     int64
	BaseNumber int64 // non-zero makes a delta CRL of that base
}

var (
	oidExtCRLNumber = asn1.ObjectIdentifier{2, 5, 29, 20}
	oidExtDeltaCRL  = asn1.ObjectIdentifier{2, 5, 29, 27}
	oidExtReason    = asn1.ObjectIdentifier{2, 5, 29, 21}
)

// CRL makes a DER CRL signed by h.
func (h *Holder) CRL(entries []Revoked, o CRLOptions) []byte {
	if o.ThisUpdate.IsZero() {
		o.ThisUpdate = time.Now().Add(-time.Hour)
	}
	if o.NextUpdate.IsZero() {
		o.NextUpdate = time.Now().Add(24 * time.Hour)
	}
	var issuer pkix.RDNSequence
	if _, err := asn1.Unmarshal(h.Cert.RawSubject, &issuer); err != nil {
		panic(err)
	}
	var revoked []pkix.RevokedCertificate
	for _, e := range entries {
		rc := pkix.RevokedCertificate{SerialNumber: e.Serial, RevocationTime: e.At.UTC()}
		if e.Reason != 0 {
			rc.Extensions = []pkix.Extension{{Id: oidExtReason, Value: mustMarshal(asn1.Enumerated(e.Reason))}}
		}
		revoked = append(revoked, rc)
	}
	exts := []pkix.Extension{{Id: oidExtCRLNumber, Value: mustMarshal(big.NewInt(o.Number))}}
	if o.BaseNumber != 0 {
		exts = append(exts, pkix.Extension{Id: oidExtDeltaCRL, Critical: true, Value: mustMarshal(big.NewInt(o.BaseNumber))})
	}
	tbs := mustMarshal(pkix.TBSCertificateList{Version: 1, Signature: h.Key.SignatureAlgorithm(),
		Issuer: issuer, ThisUpdate: o.ThisUpdate.UTC(), NextUpdate: o.NextUpdate.UTC(),
		RevokedCertificates: revoked, Extensions: exts})
	return signed(tbs, h.Key)
}

// Server is a real HTTP server publishing CRLs by path and answering OCSP requests for one
// CA, counting the requests so tests can see the cache at work.
type Server struct {
	*httptest.Server
	CA *Holder

	mu      sync.Mutex
	crls    map[string][]byte
	status  map[string]Revoked // serial → revocation; absent is good
	Fetches atomic.Int64       // CRL downloads
	Asks    atomic.Int64       // OCSP requests
}

// NewServer starts a server for ca; Close it when done.
func NewServer(ca *Holder) *Server {
	s := &Server{CA: ca, crls: map[string][]byte{}, status: map[string]Revoked{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /crl/{name}", s.serveCRL)
	mux.HandleFunc("POST /ocsp", s.serveOCSP)
	s.Server = httptest.NewServer(mux)
	return s
}

// PublishCRL serves der at URL()+"/crl/"+name and returns that address.
func (s *Server) PublishCRL(name string, der []byte) string {
	s.mu.Lock()
	s.crls[name] = der
	s.mu.Unlock()
	return s.URL + "/crl/" + name
}

// OCSPURL is the address of the OCSP responder.
func (s *Server) OCSPURL() string { return s.URL + "/ocsp" }

// Revoke makes the OCSP responder answer "revoked" for serial.
func (s *Server) Revoke(serial *big.Int, at time.Time) {
	s.mu.Lock()
	s.status[serial.String()] = Revoked{Serial: serial, At: at}
	s.mu.Unlock()
}

func (s *Server) serveCRL(w http.ResponseWriter, r *http.Request) {
	s.Fetches.Add(1)
	s.mu.Lock()
	der, ok := s.crls[r.PathValue("name")]
	s.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/pkix-crl")
	w.Write(der)
}

// serveOCSP answers with golang.org/x/crypto/ocsp for an RSA CA and with the package's own
// encoder for a GOST one (the library signs only with crypto.Signer keys it knows).
func (s *Server) serveOCSP(w http.ResponseWriter, r *http.Request) {
	s.Asks.Add(1)
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<16))
	req, err := ocsp.ParseRequest(body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	rev, revoked := s.status[req.SerialNumber.String()]
	s.mu.Unlock()
	tpl := ocsp.Response{Status: ocsp.Good, SerialNumber: req.SerialNumber,
		ThisUpdate: time.Now().Add(-time.Minute), NextUpdate: time.Now().Add(time.Hour)}
	if revoked {
		tpl.Status, tpl.RevokedAt = ocsp.Revoked, rev.At
	}
	var der []byte
	if s.CA.Key.Kind == RSA {
		der, err = ocsp.CreateResponse(s.CA.Cert.Certificate, s.CA.Cert.Certificate, tpl, s.CA.Key.RSA)
	} else {
		der, err = s.CA.gostOCSP(req, tpl)
	}
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/ocsp-response")
	w.Write(der)
}

var oidOCSPBasic = asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 48, 1, 1}

// gostOCSP encodes and signs a BasicOCSPResponse (RFC 6960) with a GOST CA key.
func (h *Holder) gostOCSP(req *ocsp.Request, tpl ocsp.Response) ([]byte, error) {
	status := asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0}
	if tpl.Status == ocsp.Revoked {
		at, _ := asn1.MarshalWithParams(tpl.RevokedAt.UTC(), "generalized")
		status = asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 1, IsCompound: true, Bytes: at}
	}
	hashOID := asn1.ObjectIdentifier{1, 3, 14, 3, 2, 26}
	single := struct {
		CertID struct {
			Alg    pkix.AlgorithmIdentifier
			Name   []byte
			Key    []byte
			Serial *big.Int
		}
		Status     asn1.RawValue
		ThisUpdate time.Time `asn1:"generalized"`
		NextUpdate time.Time `asn1:"generalized,explicit,tag:0"`
	}{Status: status, ThisUpdate: tpl.ThisUpdate.UTC(), NextUpdate: tpl.NextUpdate.UTC()}
	single.CertID.Alg = pkix.AlgorithmIdentifier{Algorithm: hashOID, Parameters: asn1.NullRawValue}
	single.CertID.Name, single.CertID.Key, single.CertID.Serial = req.IssuerNameHash, req.IssuerKeyHash, req.SerialNumber
	tbs, err := asn1.Marshal(struct {
		ResponderID asn1.RawValue
		ProducedAt  time.Time `asn1:"generalized"`
		Responses   []any
	}{asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 1, IsCompound: true, Bytes: h.Cert.RawSubject},
		time.Now().UTC().Truncate(time.Second), []any{single}})
	if err != nil {
		return nil, err
	}
	basic := signed(tbs, h.Key)
	return asn1.Marshal(struct {
		Status   asn1.Enumerated
		Response struct {
			Type     asn1.ObjectIdentifier
			Response []byte
		} `asn1:"explicit,tag:0"`
	}{0, struct {
		Type     asn1.ObjectIdentifier
		Response []byte
	}{oidOCSPBasic, basic}})
}
