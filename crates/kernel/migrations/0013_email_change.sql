-- A change of address waits on its link's token: the address asked for is
-- kept with the token (purpose 'email'), and becomes the member's only when
-- the link mailed to it is followed. It is cleared once the link is used or
-- ended; erasing the member deletes its tokens.
ALTER TABLE email_tokens ADD COLUMN email TEXT;
