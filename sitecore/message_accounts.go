package sitecore

// accountMessages are the messages of accounts, sessions and access control; they join the
// catalog at start-up.
var accountMessages = map[string]map[Lang]string{
	"email.taken": {
		Kazakh:  "«{value}» мекенжайымен тіркелген есептік жазба бар. Кіріңіз немесе құпиясөзді қалпына келтіріңіз.",
		Russian: "Учётная запись с адресом «{value}» уже есть. Войдите или восстановите пароль.",
		English: "An account with “{value}” already exists. Log in or reset the password.",
	},
	"token.invalid": {
		Kazakh:  "Сілтеме жарамсыз, пайдаланылған немесе мерзімі өткен. Жаңасын сұраңыз.",
		Russian: "Ссылка недействительна, уже использована или устарела. Запросите новую.",
		English: "The link is invalid, already used or expired. Please request a new one.",
	},
	"login.failed": {
		Kazakh:  "Электрондық пошта немесе құпиясөз қате.",
		Russian: "Неверный адрес электронной почты или пароль.",
		English: "Wrong email or password.",
	},
	"login.throttled": {
		Kazakh:  "Кіру әрекеттері тым көп. {seconds} секундтан кейін қайталаңыз.",
		Russian: "Слишком много попыток входа. Повторите через {seconds} с.",
		English: "Too many login attempts. Try again in {seconds} seconds.",
	},
	"password.wrong": {
		Kazakh:  "Ағымдағы құпиясөз қате.",
		Russian: "Текущий пароль указан неверно.",
		English: "The current password is wrong.",
	},
	"login.required": {
		Kazakh:  "Алдымен жүйеге кіріңіз.",
		Russian: "Сначала войдите в систему.",
		English: "Please log in first.",
	},
	"email.not_verified": {
		Kazakh:  "Алдымен электрондық поштаңызды растаңыз.",
		Russian: "Сначала подтвердите адрес электронной почты.",
		English: "Please verify your email address first.",
	},
	"csrf": {
		Kazakh:  "Басқа сайттан жіберілген сұрау қабылданбайды.",
		Russian: "Запрос с другого сайта отклонён.",
		English: "Cross-site requests are not accepted.",
	},
	"section.unknown": {
		Kazakh:  "«{value}» бөлімі жоқ.",
		Russian: "Раздела «{value}» не существует.",
		English: "There is no section “{value}”.",
	},
	"action.unknown": {
		Kazakh:  "«{value}» әрекеті жоқ (view, edit не publish).",
		Russian: "Действия «{value}» не существует (view, edit или publish).",
		English: "There is no action “{value}” (view, edit or publish).",
	},
	"role.unknown": {
		Kazakh:  "«{value}» рөлін бұл жерде беруге болмайды.",
		Russian: "Роль «{value}» здесь назначить нельзя.",
		English: "The role “{value}” cannot be given here.",
	},
	"delegation.page_only_pages": {
		Kazakh:  "Бет бойынша шектеу тек «pages» бөліміне қолданылады.",
		Russian: "Ограничение страницей возможно только для раздела «pages».",
		English: "A page limit applies only to the “pages” section.",
	},
	"delegation.escalation": {
		Kazakh:  "Өзіңізде жоқ құқықты бере алмайсыз.",
		Russian: "Нельзя передать право, которого у вас нет.",
		English: "You cannot grant a right you do not hold.",
	},
	"org_unit.parent_missing": {
		Kazakh:  "Жоғары тұрған бөлім табылмады.",
		Russian: "Вышестоящая единица не найдена.",
		English: "The parent unit does not exist.",
	},
	"org_unit.unknown": {
		Kazakh:  "Мұндай әкімшілік бірлік жоқ.",
		Russian: "Такой административной единицы нет.",
		English: "There is no such unit.",
	},
	"org_unit.kind": {
		Kazakh:  "Түрі region, district немесе city болуы керек; аудан мен қала облысқа бағынады.",
		Russian: "Тип должен быть region, district или city; район и город входят в область.",
		English: "The kind must be region, district or city; districts and cities sit under a region.",
	},
	"domain.last": {
		Kazakh:  "«{value}» — сайттың жалғыз домені, оны алып тастауға болмайды.",
		Russian: "«{value}» — единственный домен сайта, его нельзя удалить.",
		English: "“{value}” is the site's only domain and cannot be removed.",
	},
	"not_found.user": {
		Kazakh:  "Пайдаланушы табылмады.",
		Russian: "Пользователь не найден.",
		English: "User not found.",
	},
	"not_found.session": {
		Kazakh:  "Сессия табылмады.",
		Russian: "Сессия не найдена.",
		English: "Session not found.",
	},
	"not_found.member": {
		Kazakh:  "Бұл пайдаланушы мектепте мұндай рөлде жоқ.",
		Russian: "У пользователя нет такой роли в этой школе.",
		English: "The user has no such role in this school.",
	},
	"not_found.delegation": {
		Kazakh:  "Өкілеттік табылмады.",
		Russian: "Делегирование не найдено.",
		English: "Delegation not found.",
	},
	"not_found.parent_link": {
		Kazakh:  "Ата-ана байланысы табылмады.",
		Russian: "Связь родителя и ребёнка не найдена.",
		English: "Parent link not found.",
	},
	"not_found.token": {
		Kazakh:  "Токен табылмады.",
		Russian: "Токен не найден.",
		English: "Token not found.",
	},
	"not_found.domain_claim": {
		Kazakh:  "Бұл доменге өтінім жоқ. Алдымен доменді қосыңыз.",
		Russian: "Заявки на этот домен нет. Сначала добавьте домен.",
		English: "There is no claim for this domain. Add the domain first.",
	},
	"not_found.domain": {
		Kazakh:  "Домен бұл сайтқа байланбаған.",
		Russian: "Домен не привязан к этому сайту.",
		English: "The domain is not bound to this site.",
	},
	"page.key_taken": {
		Kazakh:  "«{value}» кілті бар бет бұрыннан бар.",
		Russian: "Страница с ключом «{value}» уже есть.",
		English: "A page with the key “{value}” already exists.",
	},
	"page.key_invalid": {
		Kazakh:  "Бет кілті 1–64 кіші латын әрпі, цифр немесе сызықшадан тұруы керек.",
		Russian: "Ключ страницы: 1–64 строчные латинские буквы, цифры или дефисы.",
		English: "A page key is 1–64 lowercase Latin letters, digits or hyphens.",
	},
	"slug.taken_page": {
		Kazakh:  "«{value}» адресі осы тілде басқа бетке берілген.",
		Russian: "Адрес «{value}» на этом языке уже занят другой страницей.",
		English: "The address “{value}” is already used by another page in this language.",
	},
	"url.invalid": {
		Kazakh:  "«{value}» жарамды https сілтемесі емес.",
		Russian: "«{value}» — не корректная ссылка https.",
		English: "“{value}” is not a valid https link.",
	},
	"visibility.unknown": {
		Kazakh:  "Көріну public, members немесе hidden болуы керек.",
		Russian: "Видимость должна быть public, members или hidden.",
		English: "Visibility must be public, members or hidden.",
	},
	"child.not_registered": {
		Kazakh:  "«{value}» мекенжайымен тіркелген бала жоқ. Алдымен бала тіркелсін.",
		Russian: "Ребёнок с адресом «{value}» не зарегистрирован. Сначала зарегистрируйте его.",
		English: "No child is registered with “{value}”. The child must register first.",
	},
	"parent_link.self": {
		Kazakh:  "Өзіңізді өзіңізге ата-ана ретінде байланыстыра алмайсыз.",
		Russian: "Нельзя связать пользователя с самим собой.",
		English: "A user cannot be linked to themselves.",
	},
	"child.self": {
		Kazakh:  "Өзіңізді бала ретінде байланыстыра алмайсыз.",
		Russian: "Нельзя привязать себя как ребёнка.",
		English: "You cannot link yourself as your own child.",
	},
}

func init() {
	for k, v := range accountMessages {
		catalog[k] = v
	}
}
