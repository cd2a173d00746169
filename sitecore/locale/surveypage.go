package locale

// surveyPageUI are the strings of a survey's page on the school site (what participants see).
var surveyPageUI = Strings{
	Kazakh: {
		"language": "Тіл", "survey": "Сауалнама", "vote": "Дауыс беру", "opens": "Басталуы", "closes": "Аяқталуы",
		"required": "міндетті", "submit": "Жіберу", "sign": "ЭЦҚ-мен қол қойып жіберу",
		"not_open": "Бұл сауалнама қазір қабылдамайды.", "login_needed": "Қатысу үшін сайтқа кіріңіз.", "login": "Кіру",
		"receipt": "Дауысыңыз есепке алынды. Түбіртек коды:", "receipt_keep": "Кодты сақтаңыз: ол арқылы дауысыңыздың саналғанын кейін тексересіз, бірақ оның мазмұны ешкімге көрінбейді.",
		"signing": "NCALayer-мен қол қою…", "sending": "Жіберілуде…",
		"ncalayer_missing": "NCALayer табылмады. Қол қою үшін NCALayer бағдарламасын https://ncl.pki.gov.kz сайтынан орнатып, іске қосыңыз, содан кейін бетті жаңартыңыз.",
		"needs_js":         "ЭЦҚ-мен қол қою және жасырын дауыс беру үшін браузерде JavaScript қосулы болуы керек.",
		"mode_named":       "Аты-жөні бар дауыс: бюллетень қол қойған адаммен бірге сақталады; ұйымдастырушылар кімнің қалай дауыс бергенін көреді.",
		"mode_anonymous":   "Жасырын дауыс: ЭЦҚ тек қатысу құқығыңызды растайды (бюллетеньге емес), бюллетень бөлек, сізді анықтайтын ешнәрсесіз жіберіледі. Платформа кім дауыс бергенін біледі, бірақ кімнің қалай дауыс бергенін білмейді.",
		"scale_low":        "төмен", "scale_high": "жоғары", "chars_max": "таңбаға дейін",
	},
	Russian: {
		"language": "Язык", "survey": "Опрос", "vote": "Голосование", "opens": "Начало", "closes": "Окончание",
		"required": "обязательно", "submit": "Отправить", "sign": "Подписать ЭЦП и отправить",
		"not_open": "Этот опрос сейчас не принимает ответы.", "login_needed": "Чтобы участвовать, войдите на сайт.", "login": "Войти",
		"receipt": "Ваш голос учтён. Код квитанции:", "receipt_keep": "Сохраните код: по нему вы позже проверите, что голос учтён, но его содержание никому не видно.",
		"signing": "Подпись в NCALayer…", "sending": "Отправка…",
		"ncalayer_missing": "NCALayer не найден. Для подписи установите и запустите NCALayer с сайта https://ncl.pki.gov.kz, затем обновите страницу.",
		"needs_js":         "Для подписи ЭЦП и тайного голосования в браузере должен быть включён JavaScript.",
		"mode_named":       "Поимённое голосование: бюллетень хранится вместе с подписавшим; организаторы видят, кто как проголосовал.",
		"mode_anonymous":   "Тайное голосование: ЭЦП подтверждает только ваше право голосовать (не бюллетень), а бюллетень отправляется отдельно, без данных о вас. Платформа знает, кто проголосовал, но не знает, кто как голосовал.",
		"scale_low":        "низко", "scale_high": "высоко", "chars_max": "символов максимум",
	},
	English: {
		"language": "Language", "survey": "Survey", "vote": "Vote", "opens": "Opens", "closes": "Closes",
		"required": "required", "submit": "Send", "sign": "Sign with EDS and send",
		"not_open": "This survey is not accepting answers now.", "login_needed": "Log in to the site to take part.", "login": "Log in",
		"receipt": "Your vote was counted. Receipt code:", "receipt_keep": "Keep the code: with it you can check later that your vote was counted, while its content stays hidden from everyone.",
		"signing": "Signing with NCALayer…", "sending": "Sending…",
		"ncalayer_missing": "NCALayer was not found. To sign, install and start NCALayer from https://ncl.pki.gov.kz, then reload the page.",
		"needs_js":         "Signing with EDS and secret voting need JavaScript enabled in the browser.",
		"mode_named":       "Named vote: the ballot is kept with its signer; the organisers see who voted how.",
		"mode_anonymous":   "Secret vote: your EDS signature proves only that you may vote (it never signs the ballot), and the ballot is sent separately with nothing that identifies you. The platform knows who voted, not who voted how.",
		"scale_low":        "low", "scale_high": "high", "chars_max": "characters at most",
	},
}
