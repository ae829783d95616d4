import { htmlFrame, type TemplateTable } from './template.layout.js';

/**
 * The templates DRobot ships, Spanish first. An administrator can override any part from the template
 * directory (see template.loader.ts); these are the fallback.
 */
export const BUILTIN_TEMPLATES: TemplateTable = {
  'case-created': {
    es: {
      subject: '{{caseTag}} Hemos recibido su solicitud: {{caseSubject}}',
      text: `{{#requesterName}}Hola, {{requesterName}}:{{/requesterName}}{{^requesterName}}Hola:{{/requesterName}}

Hemos recibido su solicitud «{{caseSubject}}» y hemos abierto el caso número {{caseId}}.
Para añadir información, responda a este correo sin cambiar {{caseTag}} en el asunto.
{{#caseUrl}}
Puede seguir el caso en {{caseUrl}}
{{/caseUrl}}
Mesa de servicio
`,
      html: htmlFrame(
        'es',
        `<p>{{#requesterName}}Hola, {{requesterName}}:{{/requesterName}}{{^requesterName}}Hola:{{/requesterName}}</p>
<p>Hemos recibido su solicitud «{{caseSubject}}» y hemos abierto el caso número <strong>{{caseId}}</strong>.</p>
<p>Para añadir información, responda a este correo sin cambiar <strong>{{caseTag}}</strong> en el asunto.</p>
{{#caseUrl}}<p><a href="{{caseUrl}}">Ver el caso</a></p>{{/caseUrl}}
<p>Mesa de servicio</p>`,
      ),
    },
    en: {
      subject: '{{caseTag}} We have received your request: {{caseSubject}}',
      text: `{{#requesterName}}Hello {{requesterName}},{{/requesterName}}{{^requesterName}}Hello,{{/requesterName}}

We have received your request "{{caseSubject}}" and opened case number {{caseId}}.
To add information, reply to this mail and keep {{caseTag}} in the subject.
{{#caseUrl}}
You can follow the case at {{caseUrl}}
{{/caseUrl}}
Service desk
`,
      html: htmlFrame(
        'en',
        `<p>{{#requesterName}}Hello {{requesterName}},{{/requesterName}}{{^requesterName}}Hello,{{/requesterName}}</p>
<p>We have received your request "{{caseSubject}}" and opened case number <strong>{{caseId}}</strong>.</p>
<p>To add information, reply to this mail and keep <strong>{{caseTag}}</strong> in the subject.</p>
{{#caseUrl}}<p><a href="{{caseUrl}}">View the case</a></p>{{/caseUrl}}
<p>Service desk</p>`,
      ),
    },
  },
  'case-updated': {
    es: {
      subject: '{{caseTag}} Actualización: {{caseSubject}}',
      text: `{{#isReply}}{{#agentName}}{{agentName}} ha respondido{{/agentName}}{{^agentName}}Hay una respuesta{{/agentName}} en el caso {{caseId}}:

{{message}}
{{#status}}
Estado del caso: {{status}}.
{{/status}}{{#quoted}}
--- Su mensaje ---
{{quoted}}
{{/quoted}}{{/isReply}}{{#isStatus}}El caso {{caseId}} ha cambiado de estado: {{status}}.
{{#message}}
{{message}}
{{/message}}{{/isStatus}}
Para responder, conteste a este correo sin cambiar {{caseTag}} en el asunto.
{{#caseUrl}}Caso: {{caseUrl}}
{{/caseUrl}}`,
      html: htmlFrame(
        'es',
        `{{#isReply}}<p>{{#agentName}}{{agentName}} ha respondido{{/agentName}}{{^agentName}}Hay una respuesta{{/agentName}} en el caso <strong>{{caseId}}</strong>:</p>
<blockquote style="white-space:pre-wrap;border-left:3px solid #ccc;margin:0;padding-left:12px">{{message}}</blockquote>
{{#status}}<p>Estado del caso: <strong>{{status}}</strong>.</p>{{/status}}
{{#quoted}}<p style="color:#777">Su mensaje:</p><pre style="white-space:pre-wrap;color:#777;font-family:inherit">{{quoted}}</pre>{{/quoted}}{{/isReply}}
{{#isStatus}}<p>El caso <strong>{{caseId}}</strong> ha cambiado de estado: <strong>{{status}}</strong>.</p>
{{#message}}<p style="white-space:pre-wrap">{{message}}</p>{{/message}}{{/isStatus}}
<p>Para responder, conteste a este correo sin cambiar <strong>{{caseTag}}</strong> en el asunto.</p>
{{#caseUrl}}<p><a href="{{caseUrl}}">Ver el caso</a></p>{{/caseUrl}}`,
      ),
    },
    en: {
      subject: '{{caseTag}} Update: {{caseSubject}}',
      text: `{{#isReply}}{{#agentName}}{{agentName}} replied{{/agentName}}{{^agentName}}There is a reply{{/agentName}} on case {{caseId}}:

{{message}}
{{#status}}
Case status: {{status}}.
{{/status}}{{#quoted}}
--- Your message ---
{{quoted}}
{{/quoted}}{{/isReply}}{{#isStatus}}Case {{caseId}} changed its status: {{status}}.
{{#message}}
{{message}}
{{/message}}{{/isStatus}}
To answer, reply to this mail and keep {{caseTag}} in the subject.
{{#caseUrl}}Case: {{caseUrl}}
{{/caseUrl}}`,
      html: htmlFrame(
        'en',
        `{{#isReply}}<p>{{#agentName}}{{agentName}} replied{{/agentName}}{{^agentName}}There is a reply{{/agentName}} on case <strong>{{caseId}}</strong>:</p>
<blockquote style="white-space:pre-wrap;border-left:3px solid #ccc;margin:0;padding-left:12px">{{message}}</blockquote>
{{#status}}<p>Case status: <strong>{{status}}</strong>.</p>{{/status}}
{{#quoted}}<p style="color:#777">Your message:</p><pre style="white-space:pre-wrap;color:#777;font-family:inherit">{{quoted}}</pre>{{/quoted}}{{/isReply}}
{{#isStatus}}<p>Case <strong>{{caseId}}</strong> changed its status: <strong>{{status}}</strong>.</p>
{{#message}}<p style="white-space:pre-wrap">{{message}}</p>{{/message}}{{/isStatus}}
<p>To answer, reply to this mail and keep <strong>{{caseTag}}</strong> in the subject.</p>
{{#caseUrl}}<p><a href="{{caseUrl}}">View the case</a></p>{{/caseUrl}}`,
      ),
    },
  },
  'account-verification': {
    es: {
      subject: 'Verifique su cuenta',
      text: `{{#userName}}Hola, {{userName}}:{{/userName}}{{^userName}}Hola:{{/userName}}

Para verificar su cuenta, {{#link}}abra este enlace: {{link}}{{/link}}{{^link}}introduzca este código: {{code}}{{/link}}
{{#link}}{{#code}}O introduzca este código: {{code}}
{{/code}}{{/link}}
Caduca el {{expiresAtText}}. Si no ha solicitado esta cuenta, ignore este mensaje.
`,
      html: htmlFrame(
        'es',
        `<p>{{#userName}}Hola, {{userName}}:{{/userName}}{{^userName}}Hola:{{/userName}}</p>
{{#link}}<p>Para verificar su cuenta, abra este enlace: <a href="{{link}}">{{link}}</a></p>{{/link}}
{{#code}}<p>Código de verificación: <strong style="font-size:18px;letter-spacing:2px">{{code}}</strong></p>{{/code}}
<p>Caduca el {{expiresAtText}}. Si no ha solicitado esta cuenta, ignore este mensaje.</p>`,
      ),
    },
    en: {
      subject: 'Verify your account',
      text: `{{#userName}}Hello {{userName}},{{/userName}}{{^userName}}Hello,{{/userName}}

To verify your account, {{#link}}open this link: {{link}}{{/link}}{{^link}}enter this code: {{code}}{{/link}}
{{#link}}{{#code}}Or enter this code: {{code}}
{{/code}}{{/link}}
It expires on {{expiresAtText}}. If you did not ask for this account, ignore this message.
`,
      html: htmlFrame(
        'en',
        `<p>{{#userName}}Hello {{userName}},{{/userName}}{{^userName}}Hello,{{/userName}}</p>
{{#link}}<p>To verify your account, open this link: <a href="{{link}}">{{link}}</a></p>{{/link}}
{{#code}}<p>Verification code: <strong style="font-size:18px;letter-spacing:2px">{{code}}</strong></p>{{/code}}
<p>It expires on {{expiresAtText}}. If you did not ask for this account, ignore this message.</p>`,
      ),
    },
  },
  'password-recovery': {
    es: {
      subject: 'Recuperación de contraseña',
      text: `{{#userName}}Hola, {{userName}}:{{/userName}}{{^userName}}Hola:{{/userName}}

Para elegir una contraseña nueva, abra este enlace: {{link}}
Caduca el {{expiresAtText}}. Si no lo ha pedido usted, ignore este mensaje: su contraseña no cambia.
`,
      html: htmlFrame(
        'es',
        `<p>{{#userName}}Hola, {{userName}}:{{/userName}}{{^userName}}Hola:{{/userName}}</p>
<p>Para elegir una contraseña nueva, abra este enlace: <a href="{{link}}">{{link}}</a></p>
<p>Caduca el {{expiresAtText}}. Si no lo ha pedido usted, ignore este mensaje: su contraseña no cambia.</p>`,
      ),
    },
    en: {
      subject: 'Password recovery',
      text: `{{#userName}}Hello {{userName}},{{/userName}}{{^userName}}Hello,{{/userName}}

To choose a new password, open this link: {{link}}
It expires on {{expiresAtText}}. If you did not ask for it, ignore this message: your password stays the same.
`,
      html: htmlFrame(
        'en',
        `<p>{{#userName}}Hello {{userName}},{{/userName}}{{^userName}}Hello,{{/userName}}</p>
<p>To choose a new password, open this link: <a href="{{link}}">{{link}}</a></p>
<p>It expires on {{expiresAtText}}. If you did not ask for it, ignore this message: your password stays the same.</p>`,
      ),
    },
  },
  alarm: {
    es: {
      subject: '[{{severityText}}] Alarma de {{source}}',
      text: `Alarma {{severityText}} de {{source}}
Hora: {{timeText}}

{{message}}
`,
      html: htmlFrame(
        'es',
        `<p><strong>Alarma {{severityText}}</strong> de <strong>{{source}}</strong></p>
<p>Hora: {{timeText}}</p>
<p style="white-space:pre-wrap">{{message}}</p>`,
      ),
    },
    en: {
      subject: '[{{severityText}}] Alarm from {{source}}',
      text: `{{severityText}} alarm from {{source}}
Time: {{timeText}}

{{message}}
`,
      html: htmlFrame(
        'en',
        `<p><strong>{{severityText}} alarm</strong> from <strong>{{source}}</strong></p>
<p>Time: {{timeText}}</p>
<p style="white-space:pre-wrap">{{message}}</p>`,
      ),
    },
  },
};
