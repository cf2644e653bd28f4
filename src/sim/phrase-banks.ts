// Phrase banks for the simulated legal writer's Terms of Service (and for requests that name no
// document). Each topic pairs a pattern over section titles with formal sentences (and optional bullet
// items), so that a section called "Limitation of Liability" reads like one. Placeholders: {company}
// (the client's name or "the Company") and {service} (what it offers, e.g. "the Marketplace"). Facts
// (jurisdiction, ages, terms of years) are never here: they come from the details (detail-clauses.ts),
// so no bank sentence can contradict them. Privacy policies and NDAs have banks of their own.

export interface Topic {
  /** Matched against the lower-cased section title; the first matching topic wins. */
  readonly pattern: RegExp;
  readonly sentences: readonly string[];
  readonly bullets: readonly string[];
}

// Ordered from specific to broad: "Data Security" is privacy before it is anything else.
export const TOPICS: readonly Topic[] = [
  {
    pattern: /\b(confidential|non-disclosure|nondisclosure|disclos|recipient|trade secret)/,
    sentences: [
      'The Receiving Party shall hold all Confidential Information in strict confidence and shall not disclose it to any third party without the prior written consent of the Disclosing Party.',
      'Confidential Information includes, without limitation, business plans, customer lists, pricing, source code, and any information marked or reasonably understood to be confidential.',
      'The obligations in this section shall not apply to information that is or becomes publicly available through no fault of the Receiving Party.',
      'The Receiving Party may disclose Confidential Information to its employees and advisers who have a need to know and who are bound by obligations no less protective than these.',
      'Where disclosure is required by law or court order, the Receiving Party shall give prompt written notice so that the Disclosing Party may seek a protective order.',
      'Upon termination or written request, the Receiving Party shall promptly return or destroy all materials containing Confidential Information and certify such destruction in writing.',
      'The parties acknowledge that unauthorised disclosure may cause irreparable harm for which monetary damages would be an inadequate remedy.',
    ],
    bullets: [
      'information already known to the Receiving Party without restriction',
      'information independently developed without use of the Confidential Information',
      'information lawfully received from a third party without a duty of confidentiality',
      'information that enters the public domain through no breach of this agreement',
    ],
  },
  {
    pattern: /\b(privacy|personal|data|cookie|tracking|retention|gdpr|ccpa|children|processing)/,
    sentences: [
      '{company} collects personal information that you provide directly, such as your name, email address, and billing details, when you register for or use {service}.',
      'We process personal data only for specified, explicit, and legitimate purposes and in accordance with applicable data protection laws.',
      'Personal information is retained only for as long as necessary to fulfil the purposes for which it was collected, unless a longer period is required by law.',
      '{company} implements appropriate technical and organisational measures designed to protect personal data against unauthorised access, loss, or alteration.',
      'Subject to applicable law, you may request access to, correction of, or deletion of the personal information that {company} holds about you.',
      'We use cookies and similar technologies to operate {service}, remember your preferences, and understand how {service} is used.',
      '{company} does not sell personal information and shares it only with service providers bound by written confidentiality and processing obligations.',
      'Where personal data is transferred across borders, {company} relies on appropriate safeguards such as standard contractual clauses.',
    ],
    bullets: [
      'the right to access the personal data we hold about you',
      'the right to request correction of inaccurate data',
      'the right to request erasure, subject to legal retention duties',
      'the right to object to or restrict certain processing',
      'the right to lodge a complaint with a supervisory authority',
    ],
  },
  {
    pattern: /\b(liabilit|indemn|damages|hold harmless)/,
    sentences: [
      'To the maximum extent permitted by law, {company} shall not be liable for any indirect, incidental, special, consequential, or punitive damages arising out of your use of {service}.',
      'The aggregate liability of {company} for all claims relating to {service} shall not exceed the amounts paid by you in the twelve months preceding the claim.',
      'You agree to indemnify and hold harmless {company} and its officers, directors, and employees from any claims arising from your breach of these Terms.',
      'Nothing in these Terms excludes or limits liability for death or personal injury caused by negligence, or for fraud or fraudulent misrepresentation.',
      'The limitations in this section apply whether the alleged liability is based on contract, tort, negligence, strict liability, or any other basis.',
      'Some jurisdictions do not allow the exclusion of certain damages, so some of the above limitations may not apply to you.',
      '{company} shall promptly notify you of any claim for which indemnification is sought and shall provide reasonable cooperation at your expense.',
    ],
    bullets: [
      'loss of profits, revenue, or anticipated savings',
      'loss of data or corruption of content',
      'business interruption or loss of goodwill',
      'costs of procuring substitute services',
    ],
  },
  {
    pattern: /\b(disclaim|warrant|as is|representation)/,
    sentences: [
      '{service} is provided on an "as is" and "as available" basis, without warranties of any kind, whether express or implied.',
      '{company} expressly disclaims all implied warranties of merchantability, fitness for a particular purpose, title, and non-infringement.',
      '{company} does not warrant that {service} will be uninterrupted, secure, or free from errors, viruses, or other harmful components.',
      'No advice or information, whether oral or written, obtained from {company} shall create any warranty not expressly stated in these Terms.',
      'Each party represents that it has full power and authority to enter into and perform its obligations under this agreement.',
      'You acknowledge that you use {service} at your own discretion and risk and that you are solely responsible for any resulting loss.',
    ],
    bullets: [
      'that {service} will meet your specific requirements',
      'that results obtained from {service} will be accurate or reliable',
      'that any defects in {service} will be corrected',
    ],
  },
  {
    pattern: /\b(intellectual|property|licen[cs]e|trademark|copyright|ownership|feedback|content)/,
    sentences: [
      '{service} and all content, features, and functionality made available through it are and shall remain the exclusive property of {company} and its licensors.',
      'Subject to your compliance with these Terms, {company} grants you a limited, non-exclusive, non-transferable, and revocable licence to access and use {service}.',
      'You retain ownership of any content you submit, but you grant {company} a worldwide, royalty-free licence to host, reproduce, and display such content in order to operate {service}.',
      'The names, logos, and marks of {company} may not be used without its prior written permission.',
      'Any feedback or suggestions you provide may be used by {company} without restriction or obligation to you.',
      'You shall not copy, modify, distribute, sell, or lease any part of {service}, nor reverse engineer or attempt to extract its source code.',
      'All rights not expressly granted in these Terms are reserved by {company} and its licensors.',
    ],
    bullets: [
      'reproducing or republishing material from {service}',
      'removing any copyright or proprietary notices',
      'creating derivative works based on {service}',
      'using automated means to extract content from {service}',
    ],
  },
  {
    pattern: /\b(payment|fee|billing|price|pricing|subscription|refund|tax|order|purchase|invoice)/,
    sentences: [
      'Fees for {service} are stated at the time of purchase and are payable in advance in the currency indicated.',
      'By providing a payment method, you authorise {company} to charge all applicable fees, taxes, and other amounts incurred through your account.',
      'Subscriptions renew automatically at the end of each billing period unless cancelled before the renewal date.',
      'Except where required by applicable law, all payments are non-refundable and no credits will be issued for partially used periods.',
      "{company} may change its fees upon at least thirty days' notice, and the new fees shall apply from the next billing period.",
      'You are responsible for all sales, use, value added, and similar taxes associated with your purchases, excluding taxes on the income of {company}.',
      'Late payments may accrue interest at the lesser of one and one half percent per month or the maximum rate permitted by law.',
    ],
    bullets: [
      'fees are billed in advance for each billing period',
      'renewals are charged to the payment method on file',
      'cancellation takes effect at the end of the current period',
      'disputed charges must be raised within sixty days',
    ],
  },
  {
    pattern: /\b(terminat|suspen|cancel|duration|term of)/,
    sentences: [
      '{company} may suspend or terminate your access to {service} at any time, with or without notice, if you breach these Terms.',
      'You may terminate your account at any time by following the instructions within {service} or by contacting {company}.',
      'Upon termination, your right to use {service} shall cease immediately, and {company} may delete any data associated with your account.',
      'Provisions that by their nature should survive termination shall survive, including ownership provisions, warranty disclaimers, and limitations of liability.',
      'Termination shall not relieve you of the obligation to pay any fees accrued prior to the effective date of termination.',
      'This agreement shall remain in effect until terminated by either party in accordance with this section.',
    ],
    bullets: [
      'a material breach that remains uncured for thirty days',
      'repeated violation of the acceptable use rules',
      'non-payment of fees when due',
      'conduct that exposes {company} to legal liability',
    ],
  },
  {
    pattern: /\b(governing|law|dispute|arbitrat|jurisdiction|venue|court)/,
    sentences: [
      'Any dispute arising out of or relating to these Terms shall first be referred to good faith negotiation between the parties.',
      'Nothing in this section prevents either party from seeking injunctive or other equitable relief from a court of competent jurisdiction.',
      'Each party shall bear its own costs of any dispute resolution procedure, unless the competent court decides otherwise.',
    ],
    bullets: [],
  },
  {
    pattern: /\b(change|modif|amend|update|revision)/,
    sentences: [
      '{company} reserves the right to modify these Terms at any time by posting the revised version within {service}.',
      "Where a change is material, {company} shall provide at least thirty days' notice before the new terms take effect.",
      'Your continued use of {service} after the effective date of any revision constitutes acceptance of the revised Terms.',
      'If you do not agree to the modified Terms, you must stop using {service} and may close your account.',
      'The date of the most recent revision is indicated at the top of this document.',
    ],
    bullets: [],
  },
  {
    pattern: /\b(contact|notice|communicat|address)/,
    sentences: [
      'Questions about these Terms may be directed to {company} using the contact details provided within {service}.',
      'Notices to {company} must be given in writing and shall be deemed received when delivered by hand, by courier, or by email with confirmation of transmission.',
      '{company} may provide notices to you by email to the address associated with your account or by posting them within {service}.',
      'You agree that all agreements, notices, and other communications provided electronically satisfy any legal requirement that such communications be in writing.',
      '{company} shall endeavour to respond to all written enquiries within a reasonable time.',
    ],
    bullets: [],
  },
  {
    pattern: /\b(account|eligib|registr|age requirement|password|security)/,
    sentences: [
      'You agree to provide accurate, current, and complete information during registration and to keep that information up to date.',
      'You are responsible for safeguarding your password and for all activities that occur under your account.',
      'You must notify {company} immediately of any unauthorised use of your account or any other breach of security.',
      '{company} may refuse registration or cancel an account at its discretion where it reasonably suspects fraud or misuse.',
      'Accounts are personal to the registered user and may not be shared, sold, or transferred without the consent of {company}.',
    ],
    bullets: [
      'keep your login credentials confidential',
      'use a strong and unique password',
      'log out at the end of each session on shared devices',
    ],
  },
  {
    pattern: /\b(acceptable use|prohibit|conduct|restrict|obligation|responsib|use of)/,
    sentences: [
      'You agree to use {service} only for lawful purposes and in accordance with these Terms.',
      "You shall not use {service} in any manner that could disable, overburden, damage, or impair it or interfere with any other party's use of it.",
      'You shall not attempt to gain unauthorised access to any part of {service}, the servers on which it is hosted, or any connected systems.',
      '{company} may investigate and take appropriate legal action against anyone who, in its sole discretion, violates this section.',
      'You are solely responsible for your conduct and for any content that you submit, post, or display through {service}.',
      'You shall comply with all applicable laws and regulations in connection with your use of {service}.',
    ],
    bullets: [
      'transmitting unlawful, harassing, defamatory, or obscene material',
      'impersonating any person or misrepresenting your affiliation',
      'introducing viruses, worms, or other malicious code',
      'sending unsolicited advertising or promotional material',
      'scraping or harvesting data without authorisation',
    ],
  },
  {
    pattern: /\b(definition|interpretation|meaning)/,
    sentences: [
      'In these Terms, "{service}" means the websites, applications, and related services operated by {company}.',
      '"User", "you", and "your" refer to the individual or entity that accesses or uses {service}.',
      '"Content" means any text, images, data, or other materials made available through {service}.',
      'Headings are for convenience only and shall not affect the interpretation of these Terms.',
      'Words importing the singular include the plural and vice versa, and the word "including" shall be construed without limitation.',
      'References to a statute include that statute as amended or re-enacted from time to time.',
    ],
    bullets: [],
  },
  {
    pattern: /\b(accept|agreement|introduc|overview|about|scope|purpose|welcome|preamble)/,
    sentences: [
      'These Terms constitute a legally binding agreement between you and {company} governing your access to and use of {service}.',
      'By accessing or using {service}, you confirm that you have read, understood, and agree to be bound by these Terms.',
      'If you do not agree with any part of these Terms, you must not access or use {service}.',
      'If you use {service} on behalf of an organisation, you represent that you are authorised to bind that organisation to these Terms.',
      'These Terms apply to all visitors, users, and others who access or use {service}.',
      'Additional guidelines or policies published by {company} are incorporated into these Terms by reference.',
    ],
    bullets: [],
  },
];

/** Formal sentences that fit any section; they pad a section whose topic bank runs short. */
export const GENERIC_SENTENCES: readonly string[] = [
  'These provisions shall be interpreted in accordance with their plain meaning and in a manner that gives effect to the intent of the parties.',
  'If any provision of these Terms is held invalid or unenforceable, the remaining provisions shall continue in full force and effect.',
  'The failure of {company} to enforce any right or provision shall not constitute a waiver of such right or provision.',
  'These Terms, together with any documents incorporated by reference, constitute the entire agreement between you and {company} regarding {service}.',
  'You may not assign or transfer your rights under these Terms without the prior written consent of {company}.',
  '{company} may assign its rights and obligations under these Terms without restriction, including in connection with a merger or acquisition.',
  'Neither party shall be liable for any failure or delay in performance caused by events beyond its reasonable control.',
  'Nothing in these Terms shall be construed as creating any partnership, joint venture, agency, or employment relationship.',
  'Any rights not expressly granted in these Terms are reserved.',
  'The obligations set out in this section are in addition to, and not in substitution for, any rights or remedies available at law.',
  'Each party shall act in good faith in the performance of its obligations under this section.',
];

export const GENERIC_BULLETS: readonly string[] = [
  'the provisions of this section apply in addition to any other terms',
  'capitalised terms carry the meanings given in these Terms',
  'any notice under this section must be given in writing',
];

// Openers that vary the rhythm of the prose; they lower-case the first letter of what follows.
export const CONNECTIVES: readonly string[] = [
  'Accordingly, ',
  'For the avoidance of doubt, ',
  'Notwithstanding the foregoing, ',
  'In addition, ',
  'Without prejudice to the foregoing, ',
  'Furthermore, ',
];

// Lead-in sentences for an occasional bulleted list.
export const LIST_LEAD_INS: readonly string[] = [
  'In particular, this includes:',
  'Without limitation, the following apply:',
  'For these purposes, the relevant matters include:',
];

// Injected when a request asks for `inject=xss`: payloads a renderer must neutralise.
export const XSS_PAYLOADS: readonly string[] = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '[click](javascript:alert(1))',
  '![p](http://attacker.invalid/pixel.png)',
];

/** Characters text storage cannot hold (NUL, BEL, ESC, a vertical tab), as a model may emit them. */
export const CONTROL_PAYLOADS: readonly string[] = [
  'null\u0000byte',
  'bell\u0007',
  '\u001b[31mred\u001b[0m',
  'tab\u000bbed',
];

/**
 * What the text policy refuses or drops (src/domain/storable-text.ts), as a hostile or broken model
 * may emit it: an unpaired surrogate, noncharacters, bidi overrides and isolates, a BOM, DEL, NEL and
 * the line separators; beside a ZWJ emoji sequence and a ZWNJ word, which are kept.
 */
export const UNICODE_PAYLOADS: readonly string[] = [
  'lone\uD800surrogate',
  'non\uFFFFcharacter\uFFFE and \uFDD0 and \u{1FFFE}',
  'pay \u202Eplh\u202C to \u2066isolated\u2069',
  '\uFEFFbom\u007Fdel\u0085nel\u2028line\u2029para',
  'family 👨\u200D👩\u200D👧 and mi\u200Cdanam',
];
