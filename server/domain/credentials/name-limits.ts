// How long the names a certificate prints may be. Measured with the default certificate template
// (credential-templates/default/certificate.json) and pdfkit's font metrics: the renderer shrinks a long
// line down to its box's minimum size, then cuts it with "…". At those minimum sizes a name of mixed case
// fits up to about 95 characters in its 620 pt box (Times-Bold at 14 pt), and a title up to about 125 in
// its 660 pt box (Helvetica-Bold at 11 pt). The limits stay below that, so nothing accepted is ever cut.

/** The longest holder or account display name accepted, in characters (Unicode code points). */
export const MAX_HOLDER_NAME_CHARS = 80;

/** The longest certification title accepted, in characters (Unicode code points). */
export const MAX_CERTIFICATION_TITLE_CHARS = 120;
