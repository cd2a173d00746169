package sitecore

import "github.com/mektep/mektep/sitecore/locale"

// StatusName names an admission status in l (English for other languages, the code for an
// unknown status).
func StatusName(s AdmissionStatus, l Lang) string {
	if n, ok := locale.StatusName(string(s), l); ok {
		return n
	}
	return string(s)
}
