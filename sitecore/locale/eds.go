package locale

// edsMessages explain the results of verifying an electronic digital signature (ЭЦП); the
// keys are the codes of package sitecore/eds. They are listed in messageAreas.
var edsMessages = Catalog{
	"eds.malformed": {
		Kazakh:  "«{field}» өрісі ЭЦҚ қолтаңбасы (CMS) емес немесе бүлінген. NCALayer арқылы қайта қол қойыңыз.",
		Russian: "Поле «{field}» не содержит подписи ЭЦП (CMS) или она повреждена. Подпишите заново через NCALayer.",
		English: "The field “{field}” is not an EDS signature (CMS) or it is damaged. Sign again with NCALayer.",
	},
	"eds.no_signers": {
		Kazakh:  "Қолтаңбада бірде-бір қол қоюшы жоқ.",
		Russian: "В подписи нет ни одного подписанта.",
		English: "The signature has no signer.",
	},
	"eds.content_missing": {
		Kazakh:  "Қол қойылған мәтін берілмеген, қолтаңбаны тексеру мүмкін емес.",
		Russian: "Не передан подписанный текст, проверить подпись невозможно.",
		English: "The signed content is missing, so the signature cannot be checked.",
	},
	"eds.certificate_missing": {
		Kazakh:  "Қолтаңбада қол қоюшының сертификаты жоқ.",
		Russian: "В подписи нет сертификата подписанта.",
		English: "The signature does not include the signer's certificate.",
	},
	"eds.algorithm": {
		Kazakh:  "Қолтаңба алгоритмі қолдау көрсетілмейді (RSA немесе ГОСТ 34.10-2015 қажет).",
		Russian: "Алгоритм подписи не поддерживается (нужен RSA или ГОСТ 34.10-2015).",
		English: "The signature algorithm is not supported (RSA or GOST 34.10-2015 is required).",
	},
	"eds.digest_algorithm": {
		Kazakh:  "Хэш алгоритмі қолтаңба алгоритміне сәйкес келмейді немесе тым әлсіз.",
		Russian: "Алгоритм хэширования не соответствует алгоритму подписи или слишком слаб.",
		English: "The digest algorithm does not match the signature algorithm or is too weak.",
	},
	"eds.signed_attrs_missing": {
		Kazakh:  "Қолтаңбада қол қойылған атрибуттар жоқ. NCALayer арқылы CMS пішімінде қол қойыңыз.",
		Russian: "В подписи нет подписанных атрибутов. Подпишите через NCALayer в формате CMS.",
		English: "The signature has no signed attributes. Sign with NCALayer in CMS format.",
	},
	"eds.content_type": {
		Kazakh:  "Қолтаңбадағы мазмұн түрі қол қойылған деректерге сәйкес келмейді.",
		Russian: "Тип содержимого в подписи не совпадает с подписанными данными.",
		English: "The content type in the signature does not match the signed data.",
	},
	"eds.digest_mismatch": {
		Kazakh:  "Қолтаңба басқа мәтінге қойылған: мазмұн қол қойылғаннан кейін өзгерген.",
		Russian: "Подпись поставлена под другим текстом: содержимое изменилось после подписания.",
		English: "The signature was made over another text: the content changed after signing.",
	},
	"eds.signature_invalid": {
		Kazakh:  "Қолтаңба дұрыс емес: ол сертификаттың кілтіне сәйкес келмейді.",
		Russian: "Подпись недействительна: она не соответствует ключу сертификата.",
		English: "The signature is invalid: it does not match the certificate's key.",
	},
	"eds.signing_time": {
		Kazakh:  "Қол қою уақыты қате немесе болашақта.",
		Russian: "Время подписания указано неверно или находится в будущем.",
		English: "The signing time is malformed or in the future.",
	},
	"eds.certificate_expired": {
		Kazakh:  "Қол қою кезінде сертификаттың мерзімі өтіп кеткен. ЭЦҚ-ны egov.kz не ҰКО арқылы жаңартыңыз.",
		Russian: "На момент подписания срок действия сертификата истёк. Обновите ЭЦП через egov.kz или НУЦ.",
		English: "The certificate had expired when the signature was made. Renew your EDS at egov.kz or the NCA.",
	},
	"eds.certificate_not_yet_valid": {
		Kazakh:  "Қол қою кезінде сертификат әлі күшіне енбеген.",
		Russian: "На момент подписания сертификат ещё не действовал.",
		English: "The certificate was not yet valid when the signature was made.",
	},
	"eds.key_usage": {
		Kazakh:  "Бұл кілт қол қоюға арналмаған. RSA_… емес, GOSTKNCA_… (қол қою) кілтін таңдаңыз.",
		Russian: "Этот ключ не предназначен для подписи. Выберите ключ для подписи (GOSTKNCA_…), а не для аутентификации.",
		English: "This key is not meant for signing. Choose your signing key (GOSTKNCA_…), not the authentication one.",
	},
	"eds.ext_key_usage": {
		Kazakh:  "Бұл сертификат қол қоюға емес, тек кіруге арналған. Қол қоюға арналған кілтті таңдаңыз.",
		Russian: "Этот сертификат предназначен для входа, а не для подписи. Выберите ключ для подписи.",
		English: "This certificate is for logging in, not for signing. Choose your signing key.",
	},
	"eds.critical_extension": {
		Kazakh:  "Сертификатта белгісіз маңызды кеңейтім бар, оны қабылдауға болмайды.",
		Russian: "В сертификате есть неизвестное критическое расширение, принять его нельзя.",
		English: "The certificate has an unknown critical extension and cannot be accepted.",
	},
	"eds.no_iin": {
		Kazakh:  "Сертификатта ЖСН жоқ.",
		Russian: "В сертификате нет ИИН.",
		English: "The certificate has no IIN.",
	},
	"eds.holder": {
		Kazakh:  "Бұл жерде мұндай сертификатпен қол қоюға болмайды: жеке тұлғаның немесе ұйымның кілті қажет.",
		Russian: "Здесь нельзя подписать таким сертификатом: нужен ключ физического лица или организации, как указано в опросе.",
		English: "This certificate cannot sign here: the key of an individual or of an organisation is required, as the survey says.",
	},
	"eds.unknown_issuer": {
		Kazakh:  "Сертификатты сенімді куәландырушы орталық бермеген.",
		Russian: "Сертификат выдан не доверенным удостоверяющим центром.",
		English: "The certificate was not issued by a trusted certification authority.",
	},
	"eds.chain_invalid": {
		Kazakh:  "Сертификат тізбегі дұрыс емес: сертификатты ол көрсеткен орталық шығармаған.",
		Russian: "Цепочка сертификатов недействительна: сертификат выпущен не тем центром, который в нём указан.",
		English: "The certificate chain is invalid: the certificate was not issued by the authority it names.",
	},
	"eds.chain_expired": {
		Kazakh:  "Тексеру кезінде тізбектегі сертификаттың мерзімі өтіп кеткен немесе әлі басталмаған.",
		Russian: "На момент проверки срок действия сертификата в цепочке истёк или ещё не начался.",
		English: "A certificate of the chain is expired or not yet valid at the time of the check.",
	},
	"eds.revoked": {
		Kazakh:  "Сертификат кері қайтарылған.",
		Russian: "Сертификат отозван.",
		English: "The certificate has been revoked.",
	},
	"eds.revocation_unknown": {
		Kazakh:  "Сертификаттың кері қайтарылмағанын қазір тексеру мүмкін емес. Кейінірек қайталап көріңіз.",
		Russian: "Сейчас невозможно проверить, не отозван ли сертификат. Повторите попытку позже.",
		English: "Whether the certificate is revoked cannot be checked right now. Please try again later.",
	},
	"eds.signing_certificate": {
		Kazakh:  "Қолтаңбада басқа сертификат көрсетілген.",
		Russian: "В подписи указан другой сертификат.",
		English: "The signature names another certificate.",
	},
	"eds.timestamp_invalid": {
		Kazakh:  "Қолтаңбаның уақыт белгісі дұрыс емес.",
		Russian: "Метка времени подписи недействительна.",
		English: "The signature's timestamp is invalid.",
	},
}
