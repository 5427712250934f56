"""Women's voices: qualitative coding of focus groups and open answers, beside the numbers.

Transcripts and open survey answers are split into segments, coded against a bilingual
codebook (by hand, by keyword rules or by sentence embeddings that an analyst accepts or
rejects), counted by group and, for open answers, estimated as weighted prevalences through
the engine. Quotes reach a product only with the speaker's consent and after an analyst
approved their de-identified form.
"""
