package locale

// accountMessages are the error messages of accounts, sessions and access control.
var accountMessages = Catalog{
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
	"not_found.student": {
		Kazakh:  "Мұндай оқушы табылмады.",
		Russian: "Такой ученик не найден.",
		English: "No such student was found.",
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

// mailSignature closes every account email.
var mailSignature = map[Lang]string{
	Kazakh:  "Mektep платформасы",
	Russian: "Платформа Mektep",
	English: "The Mektep platform",
}

// mailGreeting opens emails to a named and to an unnamed recipient.
var mailGreeting = map[Lang][2]string{
	Kazakh:  {"Сәлеметсіз бе, {name}!", "Сәлеметсіз бе!"},
	Russian: {"Здравствуйте, {name}!", "Здравствуйте!"},
	English: {"Hello {name},", "Hello,"},
}

// verificationMail asks a new user to confirm the email address.
var verificationMail = map[Lang]Mail{
	Kazakh: {Subject: "Электрондық пошта мекенжайыңызды растаңыз",
		Body: "Mektep платформасында тіркелуді аяқтау үшін электрондық пошта мекенжайыңызды растаңыз:\n{link}\n\nЕгер сіз тіркелмеген болсаңыз, бұл хатты елемеңіз."},
	Russian: {Subject: "Подтвердите адрес электронной почты",
		Body: "Чтобы завершить регистрацию на платформе Mektep, подтвердите адрес электронной почты:\n{link}\n\nЕсли вы не регистрировались, просто не обращайте внимания на это письмо."},
	English: {Subject: "Confirm your email address",
		Body: "To finish signing up on the Mektep platform, confirm your email address:\n{link}\n\nIf you did not sign up, you can ignore this email."},
}

// passwordResetMail sends a password reset link.
var passwordResetMail = map[Lang]Mail{
	Kazakh: {Subject: "Құпиясөзді қалпына келтіру",
		Body: "Mektep платформасындағы құпиясөзіңізді қалпына келтіру сұралды. Жаңа құпиясөз орнату үшін сілтемеге өтіңіз:\n{link}\n\nСілтеме {valid} бойы жарамды.\n\nЕгер мұны сіз сұрамаған болсаңыз, бұл хатты елемеңіз: құпиясөзіңіз өзгермейді."},
	Russian: {Subject: "Восстановление пароля",
		Body: "Мы получили запрос на сброс вашего пароля на платформе Mektep. Чтобы задать новый пароль, перейдите по ссылке:\n{link}\n\nСсылка действительна {valid}.\n\nЕсли вы не запрашивали сброс, не обращайте внимания на это письмо: пароль останется прежним."},
	English: {Subject: "Reset your password",
		Body: "We received a request to reset your password on the Mektep platform. To choose a new password, open this link:\n{link}\n\nThe link is valid for {valid}.\n\nIf you did not ask for this, ignore this email: your password will not change."},
}

// adminAddedMail tells a user they were made an administrator of a site; the [0] variant has a
// link to set a first password, the [1] variant is for users who already have one.
var adminAddedMail = map[Lang][2]Mail{
	Kazakh: {
		{Subject: "Сіз «{site}» сайтының әкімшісі болдыңыз",
			Body: "Сіз «{site}» мектеп сайтының әкімшілері қатарына қосылдыңыз.\nСайт мекенжайы: {url}\n\nКіру үшін алдымен құпиясөз орнатыңыз:\n{link}"},
		{Subject: "Сіз «{site}» сайтының әкімшісі болдыңыз",
			Body: "Сіз «{site}» мектеп сайтының әкімшілері қатарына қосылдыңыз.\nСайт мекенжайы: {url}\n\nСізде Mektep тіркелгісі бар: жүйеге бұрынғы құпиясөзіңізбен кіріңіз."},
	},
	Russian: {
		{Subject: "Вы стали администратором сайта «{site}»",
			Body: "Вас добавили в администраторы сайта школы «{site}».\nАдрес сайта: {url}\n\nЧтобы войти, сначала задайте пароль:\n{link}"},
		{Subject: "Вы стали администратором сайта «{site}»",
			Body: "Вас добавили в администраторы сайта школы «{site}».\nАдрес сайта: {url}\n\nУ вас уже есть учётная запись Mektep: входите со своим прежним паролем."},
	},
	English: {
		{Subject: "You are now an administrator of {site}",
			Body: "You have been added as an administrator of the school website {site}.\nSite address: {url}\n\nTo sign in, first set a password:\n{link}"},
		{Subject: "You are now an administrator of {site}",
			Body: "You have been added as an administrator of the school website {site}.\nSite address: {url}\n\nYou already have a Mektep account: sign in with your existing password."},
	},
}

// siteRoleNames translates the roles a site member can have.
var siteRoleNames = Catalog{
	"owner":   {Kazakh: "сайт иесі", Russian: "владелец сайта", English: "site owner"},
	"admin":   {Kazakh: "әкімші", Russian: "администратор", English: "administrator"},
	"teacher": {Kazakh: "мұғалім", Russian: "учитель", English: "teacher"},
	"student": {Kazakh: "оқушы", Russian: "ученик", English: "student"},
	"parent":  {Kazakh: "ата-ана", Russian: "родитель", English: "parent"},
	"member":  {Kazakh: "қатысушы", Russian: "участник", English: "member"},
}

// siteInvitationMail invites someone to join a site; [0] names the inviter, [1] does not.
var siteInvitationMail = map[Lang][2]Mail{
	Kazakh: {
		{Subject: "«{site}» сайтына шақыру",
			Body: "{inviter} сізді Mektep платформасындағы «{site}» мектеп сайтына шақырады.\nРөліңіз: {role}.\n\nШақыруды қабылдау үшін сілтемеге өтіңіз:\n{link}\n\nЕгер бұл шақыруды күтпеген болсаңыз, хатты елемеңіз."},
		{Subject: "«{site}» сайтына шақыру",
			Body: "Сізді Mektep платформасындағы «{site}» мектеп сайтына шақырды.\nРөліңіз: {role}.\n\nШақыруды қабылдау үшін сілтемеге өтіңіз:\n{link}\n\nЕгер бұл шақыруды күтпеген болсаңыз, хатты елемеңіз."},
	},
	Russian: {
		{Subject: "Приглашение на сайт «{site}»",
			Body: "{inviter} приглашает вас на сайт школы «{site}» на платформе Mektep.\nВаша роль: {role}.\n\nЧтобы принять приглашение, перейдите по ссылке:\n{link}\n\nЕсли вы не ждали этого приглашения, не обращайте внимания на письмо."},
		{Subject: "Приглашение на сайт «{site}»",
			Body: "Вас пригласили на сайт школы «{site}» на платформе Mektep.\nВаша роль: {role}.\n\nЧтобы принять приглашение, перейдите по ссылке:\n{link}\n\nЕсли вы не ждали этого приглашения, не обращайте внимания на письмо."},
	},
	English: {
		{Subject: "Invitation to {site}",
			Body: "{inviter} invites you to the school website {site} on the Mektep platform.\nYour role: {role}.\n\nTo accept the invitation, open this link:\n{link}\n\nIf you did not expect this invitation, you can ignore this email."},
		{Subject: "Invitation to {site}",
			Body: "You have been invited to the school website {site} on the Mektep platform.\nYour role: {role}.\n\nTo accept the invitation, open this link:\n{link}\n\nIf you did not expect this invitation, you can ignore this email."},
	},
}

// parentLinkMail asks a student to confirm that someone is their parent.
var parentLinkMail = map[Lang]Mail{
	Kazakh: {Subject: "Ата-анаңызбен байланыстыруды растаңыз",
		Body: "{parent} Mektep платформасында өз тіркелгісін сіздің тіркелгіңізбен ата-ана ретінде байланыстыруды сұрайды.\n\nЕгер бұл сіздің ата-анаңыз болса, растаңыз:\n{link}\n\nЕгер бұл адамды танымасаңыз, сілтемені ашпаңыз және бұл хатты елемеңіз."},
	Russian: {Subject: "Подтвердите связь с родителем",
		Body: "{parent} просит связать свою учётную запись на платформе Mektep с вашей как родитель.\n\nЕсли это ваш родитель, подтвердите:\n{link}\n\nЕсли вы не знаете этого человека, не открывайте ссылку и не обращайте внимания на письмо."},
	English: {Subject: "Confirm the link with your parent",
		Body: "{parent} asks to link their account on the Mektep platform to yours as your parent.\n\nIf this is your parent, confirm here:\n{link}\n\nIf you do not know this person, do not open the link and ignore this email."},
}

// unnamedParent stands in for a parent whose name is not known.
var unnamedParent = map[Lang]string{Kazakh: "Бір пайдаланушы", Russian: "Пользователь", English: "A user"}

// resetPageText is the text of the set-password page per language.
var resetPageText = map[Lang][4]string{
	Kazakh:  {"Жаңа құпиясөз", "Жаңа құпиясөз (кемінде 10 таңба)", "Сақтау", "Құпиясөз сақталды. Енді кіре аласыз."},
	Russian: {"Новый пароль", "Новый пароль (не короче 10 символов)", "Сохранить", "Пароль сохранён. Теперь можно войти."},
	English: {"New password", "New password (at least 10 characters)", "Save", "The password is saved. You can log in now."},
}
