package sitecore

import "time"

// Almaty is the zone dates and times are shown in. Kazakhstan has had one zone, UTC+5, since
// 1 March 2024; a fixed zone keeps output independent of the machine's tzdata (older tzdata
// still has UTC+6 for Asia/Almaty). Instants before that date show one hour early.
var Almaty = time.FixedZone("Asia/Almaty", 5*3600)

// LocalDateTime formats an instant as Almaty's wall time, "02.01.2006 15:04".
func LocalDateTime(t time.Time) string { return t.In(Almaty).Format("02.01.2006 15:04") }
