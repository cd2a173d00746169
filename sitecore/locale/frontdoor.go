package locale

// frontDoorUI are the strings of the account pages every school site offers: register,
// forgotten password and the email confirmation landing.
var frontDoorUI = Strings{
	Kazakh: {
		"language": "Тіл", "register_title": "Тіркелу", "forgot_title": "Құпиясөзді қалпына келтіру", "verify_title": "Поштаны растау",
		"full_name": "Аты-жөні", "email": "Электрондық пошта", "password": "Құпиясөз", "register": "Тіркелу", "send_link": "Сілтеме жіберу",
		"password_hint":    "Кемінде 10 таңба; ұзын сөз тіркесі жақсы (мысалы, үш-төрт сөз). Поштаңызды немесе жиі кездесетін құпиясөзді қолданбаңыз.",
		"consent":          "Қазақстан Республикасының «Дербес деректер және оларды қорғау туралы» Заңына сәйкес дербес деректерімді өңдеуге келісемін.",
		"consent_required": "Тіркелу үшін дербес деректерді өңдеуге келісім қажет.",
		"registered":       "Тіркелдіңіз. Поштаңызға растау сілтемесі жіберілді: хатты ашып, сілтемені басыңыз.",
		"reset_sent":       "Егер бұл мекенжаймен тіркелгі болса, құпиясөзді қалпына келтіру сілтемесі жіберілді.",
		"verified":         "Поштаңыз расталды. Енді кіре аласыз.", "verify_failed": "Сілтеме жарамсыз немесе мерзімі өткен. Жаңа сілтеме сұраңыз.",
		"have_account": "Тіркелгіңіз бар ма?", "login": "Кіру", "no_account": "Тіркелгіңіз жоқ па?", "forgot": "Құпиясөзді ұмыттыңыз ба?",
	},
	Russian: {
		"language": "Язык", "register_title": "Регистрация", "forgot_title": "Восстановление пароля", "verify_title": "Подтверждение почты",
		"full_name": "ФИО", "email": "Электронная почта", "password": "Пароль", "register": "Зарегистрироваться", "send_link": "Отправить ссылку",
		"password_hint":    "Не менее 10 символов; лучше длинная фраза (например, три-четыре слова). Не используйте свою почту или распространённые пароли.",
		"consent":          "Я согласен(на) на обработку моих персональных данных в соответствии с Законом Республики Казахстан «О персональных данных и их защите».",
		"consent_required": "Для регистрации нужно согласие на обработку персональных данных.",
		"registered":       "Вы зарегистрированы. На вашу почту отправлена ссылка для подтверждения: откройте письмо и перейдите по ссылке.",
		"reset_sent":       "Если с этим адресом есть учётная запись, на него отправлена ссылка для восстановления пароля.",
		"verified":         "Почта подтверждена. Теперь можно войти.", "verify_failed": "Ссылка недействительна или устарела. Запросите новую.",
		"have_account": "Уже есть учётная запись?", "login": "Войти", "no_account": "Нет учётной записи?", "forgot": "Забыли пароль?",
	},
	English: {
		"language": "Language", "register_title": "Create an account", "forgot_title": "Reset your password", "verify_title": "Confirm your email",
		"full_name": "Full name", "email": "Email", "password": "Password", "register": "Create account", "send_link": "Send the link",
		"password_hint":    "At least 10 characters; a long phrase is best (three or four words, say). Do not use your email or a common password.",
		"consent":          "I agree to the processing of my personal data under the Law of the Republic of Kazakhstan “On personal data and their protection”.",
		"consent_required": "Creating an account needs your consent to the processing of personal data.",
		"registered":       "Your account is created. A confirmation link has been sent to your email: open the message and follow the link.",
		"reset_sent":       "If an account uses this address, a link to reset the password has been sent to it.",
		"verified":         "Your email is confirmed. You can log in now.", "verify_failed": "The link is invalid or has expired. Ask for a new one.",
		"have_account": "Already have an account?", "login": "Log in", "no_account": "No account yet?", "forgot": "Forgot your password?",
	},
}
