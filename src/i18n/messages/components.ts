import { defineMessages } from '../catalogue';

/**
 * Buttons and the follow-up modal under an answer, and the replies to their presses. Discord's
 * limits: a button label ≤ 80 characters, a modal title and an input label ≤ 45, a placeholder ≤ 100.
 * https://discord.com/developers/docs/components/reference
 */
export const componentText = defineMessages(
  'components',
  {
    followUp: 'Follow up',
    modalTitle: 'Follow up',
    modalInput: 'Your next question',
    modalPlaceholder: 'Ask about the answer above, e.g. "and what about the other one?"',
    thanksUp: 'Thanks for the 👍, noted.',
    thanksDown: 'Thanks for the 👎, noted: it helps improve the answers.',
    ratingUnavailable: "I couldn't record your rating right now, sorry.",
    staleButton: 'This button is from an older version of me and no longer works. Use `/ask` to ask again.',
    staleModal: 'This form is from an older version of me. Use `/ask` to ask again.',
  },
  {
    'en-GB': {},
    de: {
      followUp: 'Nachfragen',
      modalTitle: 'Nachfragen',
      modalInput: 'Deine nächste Frage',
      modalPlaceholder: 'Frag zur Antwort oben, z. B. „und was ist mit dem anderen?“',
      thanksUp: 'Danke für das 👍, notiert.',
      thanksDown: 'Danke für das 👎, notiert: Das hilft, die Antworten zu verbessern.',
      ratingUnavailable: 'Deine Bewertung konnte ich gerade nicht speichern, tut mir leid.',
      staleButton:
        'Dieser Button stammt aus einer älteren Version von mir und funktioniert nicht mehr. Nutze `/fragen`, um erneut zu fragen.',
      staleModal:
        'Dieses Formular stammt aus einer älteren Version von mir. Nutze `/fragen`, um erneut zu fragen.',
    },
    fr: {
      followUp: 'Poursuivre',
      modalTitle: 'Poursuivre',
      modalInput: 'Ta question suivante',
      modalPlaceholder: 'Demande à propos de la réponse ci-dessus, par ex. « et pour l’autre ? »',
      thanksUp: 'Merci pour le 👍, c’est noté.',
      thanksDown: 'Merci pour le 👎, c’est noté : ça aide à améliorer les réponses.',
      ratingUnavailable: 'Désolé, je n’ai pas pu enregistrer ton avis pour le moment.',
      staleButton:
        'Ce bouton vient d’une ancienne version de moi et ne fonctionne plus. Utilise `/demander` pour reposer ta question.',
      staleModal:
        'Ce formulaire vient d’une ancienne version de moi. Utilise `/demander` pour reposer ta question.',
    },
    'es-ES': {
      followUp: 'Seguir preguntando',
      modalTitle: 'Seguir preguntando',
      modalInput: 'Tu siguiente pregunta',
      modalPlaceholder: 'Pregunta sobre la respuesta de arriba, p. ej. «¿y qué pasa con el otro?»',
      thanksUp: 'Gracias por el 👍, anotado.',
      thanksDown: 'Gracias por el 👎, anotado: ayuda a mejorar las respuestas.',
      ratingUnavailable: 'Lo siento, ahora mismo no he podido guardar tu valoración.',
      staleButton:
        'Este botón es de una versión anterior mía y ya no funciona. Usa `/preguntar` para volver a preguntar.',
      staleModal: 'Este formulario es de una versión anterior mía. Usa `/preguntar` para volver a preguntar.',
    },
    'pt-BR': {
      followUp: 'Continuar',
      modalTitle: 'Continuar a conversa',
      modalInput: 'Sua próxima pergunta',
      modalPlaceholder: 'Pergunte sobre a resposta acima, por ex. "e quanto ao outro?"',
      thanksUp: 'Obrigado pelo 👍, anotado.',
      thanksDown: 'Obrigado pelo 👎, anotado: isso ajuda a melhorar as respostas.',
      ratingUnavailable: 'Desculpe, não consegui registrar sua avaliação agora.',
      staleButton:
        'Este botão é de uma versão antiga minha e não funciona mais. Use `/perguntar` para perguntar de novo.',
      staleModal: 'Este formulário é de uma versão antiga minha. Use `/perguntar` para perguntar de novo.',
    },
    ru: {
      followUp: 'Уточнить',
      modalTitle: 'Уточняющий вопрос',
      modalInput: 'Ваш следующий вопрос',
      modalPlaceholder: 'Спросите об ответе выше, например: «а как насчёт второго?»',
      thanksUp: 'Спасибо за 👍, учтено.',
      thanksDown: 'Спасибо за 👎, учтено: это помогает улучшать ответы.',
      ratingUnavailable: 'Извините, сейчас не удалось сохранить вашу оценку.',
      staleButton:
        'Эта кнопка из старой версии бота и больше не работает. Используйте `/спросить`, чтобы спросить снова.',
      staleModal: 'Эта форма из старой версии бота. Используйте `/спросить`, чтобы спросить снова.',
    },
    pl: {
      followUp: 'Dopytaj',
      modalTitle: 'Dopytaj',
      modalInput: 'Twoje następne pytanie',
      modalPlaceholder: 'Zapytaj o odpowiedź powyżej, np. „a co z tym drugim?”',
      thanksUp: 'Dzięki za 👍, zapisane.',
      thanksDown: 'Dzięki za 👎, zapisane: to pomaga ulepszać odpowiedzi.',
      ratingUnavailable: 'Przepraszam, nie udało mi się teraz zapisać twojej oceny.',
      staleButton:
        'Ten przycisk pochodzi ze starszej wersji bota i już nie działa. Użyj `/zapytaj`, żeby zapytać ponownie.',
      staleModal: 'Ten formularz pochodzi ze starszej wersji bota. Użyj `/zapytaj`, żeby zapytać ponownie.',
    },
    uk: {
      followUp: 'Уточнити',
      modalTitle: 'Уточнювальне питання',
      modalInput: 'Ваше наступне питання',
      modalPlaceholder: 'Запитайте про відповідь вище, наприклад: «а як щодо другого?»',
      thanksUp: 'Дякую за 👍, враховано.',
      thanksDown: 'Дякую за 👎, враховано: це допомагає покращувати відповіді.',
      ratingUnavailable: 'Вибачте, зараз не вдалося зберегти вашу оцінку.',
      staleButton:
        'Ця кнопка зі старої версії бота й більше не працює. Скористайтеся `/запитати`, щоб запитати знову.',
      staleModal: 'Ця форма зі старої версії бота. Скористайтеся `/запитати`, щоб запитати знову.',
    },
    ja: {
      followUp: '続けて質問',
      modalTitle: '続けて質問',
      modalInput: '次の質問',
      modalPlaceholder: '上の回答について質問してください（例：「もう一方はどう？」）',
      thanksUp: '👍 ありがとうございます。記録しました。',
      thanksDown: '👎 ありがとうございます。記録しました。回答の改善に役立てます。',
      ratingUnavailable: 'すみません、今は評価を記録できませんでした。',
      staleButton: 'このボタンは古いバージョンのもので、もう使えません。`/質問` でもう一度質問してください。',
      staleModal: 'このフォームは古いバージョンのものです。`/質問` でもう一度質問してください。',
    },
    ko: {
      followUp: '이어서 질문',
      modalTitle: '이어서 질문',
      modalInput: '다음 질문',
      modalPlaceholder: '위 답변에 대해 물어보세요. 예: "다른 하나는요?"',
      thanksUp: '👍 감사합니다. 기록했습니다.',
      thanksDown: '👎 감사합니다. 기록했습니다. 답변을 개선하는 데 도움이 됩니다.',
      ratingUnavailable: '죄송합니다. 지금은 평가를 기록하지 못했습니다.',
      staleButton:
        '이 버튼은 이전 버전의 것이라 더 이상 작동하지 않습니다. `/질문하기`로 다시 질문해 주세요.',
      staleModal: '이 양식은 이전 버전의 것입니다. `/질문하기`로 다시 질문해 주세요.',
    },
    'zh-CN': {
      followUp: '继续提问',
      modalTitle: '继续提问',
      modalInput: '你的下一个问题',
      modalPlaceholder: '就上面的回答提问，例如“那另一个呢？”',
      thanksUp: '感谢你的 👍，已记录。',
      thanksDown: '感谢你的 👎，已记录：这有助于改进回答。',
      ratingUnavailable: '抱歉，现在无法记录你的评价。',
      staleButton: '这个按钮来自我的旧版本，已经不能用了。请使用 `/提问` 重新提问。',
      staleModal: '这个表单来自我的旧版本。请使用 `/提问` 重新提问。',
    },
  },
);
