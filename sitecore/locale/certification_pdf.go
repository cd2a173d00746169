package locale

// CertificatePDF returns the captions of a certificate's PDF in l.
func CertificatePDF(l Lang) map[string]string { return certificatePDFUI.of(l) }

// certificatePDFUI are the captions of the certificate PDF (sitecore/certification/pdf).
var certificatePDFUI = Strings{
	Kazakh: {
		"title": "Сертификат", "holder": "Иегері", "kind": "Түрі", "number": "Нөмірі", "issued": "Берілген күні",
		"expires": "Жарамды мерзімі", "status": "Жүктелген кездегі күйі",
		"verify":   "Түпнұсқалығын тексеру: төмендегі кодты немесе QR-кодты пайдаланыңыз",
		"st.valid": "Жарамды", "st.expired": "Мерзімі өткен", "st.revoked": "Кері қайтарылған",
	},
	Russian: {
		"title": "Сертификат", "holder": "Владелец", "kind": "Вид", "number": "Номер", "issued": "Дата выдачи",
		"expires": "Действует до", "status": "Статус на момент загрузки",
		"verify":   "Проверка подлинности: используйте код ниже или QR-код",
		"st.valid": "Действителен", "st.expired": "Истёк", "st.revoked": "Отозван",
	},
	English: {
		"title": "Certificate", "holder": "Holder", "kind": "Kind", "number": "Number", "issued": "Issued",
		"expires": "Valid until", "status": "Status when downloaded",
		"verify":   "Verify it: use the code below or the QR code",
		"st.valid": "Valid", "st.expired": "Expired", "st.revoked": "Revoked",
	},
}
