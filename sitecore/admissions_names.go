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

// PriorityName names a priority category in l, with the school's verdict on the claim
// ("Large family (confirmed)"); an unknown category is its code.
func PriorityName(category, status string, l Lang) string {
	name := category
	if HasMessage(l, "admission.priority."+category) || HasMessage(English, "admission.priority."+category) {
		name = Message(l, "admission.priority."+category, nil)
	}
	if status != "" {
		name += " (" + Message(l, "admission.priority_status."+status, nil) + ")"
	}
	return name
}
